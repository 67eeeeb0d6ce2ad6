<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>DisplayText</name>
    <message>
        <source>stale</source>
        <translation>veraltet</translation>
    </message>
    <message>
        <source>syncing</source>
        <translation>wird synchronisiert</translation>
    </message>
    <message>
        <source>synced</source>
        <translation>synchron</translation>
    </message>
    <message>
        <source>resyncing</source>
        <translation>wird neu synchronisiert</translation>
    </message>
    <message>
        <source>spot</source>
        <translation>Spot</translation>
    </message>
    <message>
        <source>USD-M futures</source>
        <translation>USD-M-Futures</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>verbindet</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>waiting to reconnect</source>
        <translation>warte auf Neuverbindung</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>getrennt</translation>
    </message>
    <message>
        <source>not serving</source>
        <translation>nicht aktiv</translation>
    </message>
    <message>
        <source>serving on port %1</source>
        <translation>aktiv auf Port %1</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 T</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
</context>
<context>
    <name>md::DepthChartView</name>
    <message>
        <source>Bids</source>
        <translation>Gebote</translation>
    </message>
    <message>
        <source>Asks</source>
        <translation>Angebote</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Preis</translation>
    </message>
    <message>
        <source>Cumulative quantity</source>
        <translation>Kumulierte Menge</translation>
    </message>
</context>
<context>
    <name>md::DesktopMonitor</name>
    <message>
        <source>Show a recording instead of Binance: plays &lt;files&gt; (comma-separated) through market-data-replay on loopback. Without a file, the bundled demo recording.</source>
        <translation>Eine Aufzeichnung statt Binance zeigen: spielt &lt;dateien&gt; (durch Kommas getrennt) über market-data-replay auf Loopback ab. Ohne Datei die mitgelieferte Demo-Aufzeichnung.</translation>
    </message>
    <message>
        <source>files</source>
        <translation>dateien</translation>
    </message>
    <message>
        <source>Play the recording at &lt;x&gt; times its recorded speed (1).</source>
        <translation>Die Aufzeichnung mit dem &lt;x&gt;-fachen der aufgezeichneten Geschwindigkeit abspielen (1).</translation>
    </message>
    <message>
        <source>x</source>
        <translation>x</translation>
    </message>
    <message>
        <source>Show the window in &lt;language&gt; (de, ru, zh_CN, en).</source>
        <translation>Das Fenster in &lt;sprache&gt; anzeigen (de, ru, zh_CN, en).</translation>
    </message>
    <message>
        <source>language</source>
        <translation>sprache</translation>
    </message>
    <message>
        <source>--%1: cannot read the recording &quot;%2&quot;</source>
        <translation>--%1: die Aufzeichnung „%2“ kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>--%1: &quot;%2&quot; is not a language</source>
        <translation>--%1: „%2“ ist keine Sprache</translation>
    </message>
    <message>
        <source>Binance %1</source>
        <translation>Binance %1</translation>
    </message>
    <message>
        <source>replay of %1</source>
        <translation>Wiedergabe von %1</translation>
    </message>
    <message>
        <source>Starting the replay server…</source>
        <translation>Wiedergabeserver wird gestartet…</translation>
    </message>
    <message>
        <source>The replay cannot go on: %1.</source>
        <translation>Die Wiedergabe kann nicht fortgesetzt werden: %1.</translation>
    </message>
    <message>
        <source>The replay cannot start: %1.</source>
        <translation>Die Wiedergabe kann nicht starten: %1.</translation>
    </message>
    <message>
        <source>Market Data Monitor</source>
        <translation>Marktdaten-Monitor</translation>
    </message>
    <message>
        <source>--%1: must be a number from 0.01 to 1000, got &quot;%2&quot;</source>
        <translation>--%1: muss eine Zahl von 0,01 bis 1000 sein, erhalten: „%2“</translation>
    </message>
    <message>
        <source>--%1: no recording named</source>
        <translation>--%1: keine Aufzeichnung angegeben</translation>
    </message>
</context>
<context>
    <name>md::EngineController</name>
    <message>
        <source>the engine did not answer within %1 s</source>
        <translation>die Engine hat nicht innerhalb von %1 s geantwortet</translation>
    </message>
</context>
<context>
    <name>md::EngineWorker</name>
    <message>
        <source>the engine is not running</source>
        <translation>die Engine läuft nicht</translation>
    </message>
    <message>
        <source>%1 is not followed</source>
        <translation>%1 wird nicht verfolgt</translation>
    </message>
</context>
<context>
    <name>md::ExportDialog</name>
    <message>
        <source>Export snapshot</source>
        <translation>Momentaufnahme exportieren</translation>
    </message>
    <message>
        <source>&amp;Symbol:</source>
        <translation>&amp;Symbol:</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <source>&amp;Depth:</source>
        <translation>&amp;Tiefe:</translation>
    </message>
    <message>
        <source>F&amp;ile:</source>
        <translation>&amp;Datei:</translation>
    </message>
    <message>
        <source>&amp;Whole book</source>
        <translation>&amp;Ganzes Buch</translation>
    </message>
    <message>
        <source>&amp;Top</source>
        <translation>Die &amp;besten</translation>
    </message>
    <message>
        <source>levels a side</source>
        <translation>Stufen je Seite</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>Du&amp;rchsuchen…</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>No symbol is followed.</source>
        <translation>Es wird kein Symbol verfolgt.</translation>
    </message>
    <message>
        <source>%1 is not synced. A book that is not synced has no levels of the exchange&apos;s to export.</source>
        <translation>%1 ist nicht synchron. Ein Buch, das nicht synchron ist, hat keine Stufen der Börse, die sich exportieren ließen.</translation>
    </message>
    <message>
        <source>Choose the file to write.</source>
        <translation>Wählen Sie die Datei, die geschrieben werden soll.</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>Der Ordner %1 existiert nicht.</translation>
    </message>
    <message>
        <source>%1 is a folder; choose a file name in it.</source>
        <translation>%1 ist ein Ordner; wählen Sie darin einen Dateinamen.</translation>
    </message>
    <message>
        <source>%1 exists already. Replace it?</source>
        <translation>%1 existiert bereits. Ersetzen?</translation>
    </message>
</context>
<context>
    <name>md::MainWindow</name>
    <message>
        <source>Market Data Monitor</source>
        <translation>Marktdaten-Monitor</translation>
    </message>
    <message>
        <source>Market Data Monitor — %1</source>
        <translation>Marktdaten-Monitor — %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Export snapshot…</source>
        <translation>Momentaufnahme &amp;exportieren…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Depth chart</source>
        <translation>&amp;Tiefendiagramm</translation>
    </message>
    <message>
        <source>Price &amp;ladder</source>
        <translation>Preis&amp;leiter</translation>
    </message>
    <message>
        <source>Last &amp;trades</source>
        <translation>Letzte &amp;Trades</translation>
    </message>
    <message>
        <source>&amp;Process health</source>
        <translation>&amp;Prozesszustand</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>Anordnung &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Market Data Monitor</source>
        <translation>&amp;Über Marktdaten-Monitor</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Process health</source>
        <translation>Prozesszustand</translation>
    </message>
    <message>
        <source>Symbols</source>
        <translation>Symbole</translation>
    </message>
    <message>
        <source>Price ladder</source>
        <translation>Preisleiter</translation>
    </message>
    <message>
        <source>Last trades</source>
        <translation>Letzte Trades</translation>
    </message>
    <message>
        <source>Depth</source>
        <translation>Markttiefe</translation>
    </message>
    <message>
        <source>%1 depth</source>
        <translation>%1 Markttiefe</translation>
    </message>
    <message>
        <source>%1 depth (book %2)</source>
        <translation>%1 Markttiefe (Orderbuch %2)</translation>
    </message>
    <message>
        <source>%1 price ladder</source>
        <translation>%1 Preisleiter</translation>
    </message>
    <message>
        <source>%1 last trades</source>
        <translation>%1 letzte Trades</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Startet…</translation>
    </message>
    <message>
        <source>Books synced: %1 of %2</source>
        <translation>Orderbücher synchron: %1 von %2</translation>
    </message>
    <message>
        <source>Messages: %1</source>
        <translation>Nachrichten: %1</translation>
    </message>
    <message>
        <source>CPU: %1</source>
        <translation>CPU: %1</translation>
    </message>
    <message>
        <source>RSS: %1</source>
        <translation>RSS: %1</translation>
    </message>
    <message>
        <source>Redis: %1</source>
        <translation>Redis: %1</translation>
    </message>
    <message>
        <source>Health: %1</source>
        <translation>Health: %1</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Market Data Monitor %1&lt;/h3&gt;&lt;p&gt;Keeps Binance order books exactly in sync, publishes them to Redis and shows them live.&lt;/p&gt;&lt;p&gt;Built with Qt %2, running on Qt %3.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Licences.&lt;/b&gt; Qt 6 is used under the GNU LGPL version 3; Qt Charts and Qt HTTP Server under the GNU GPL version 3. simdjson: Apache License 2.0. hiredis: BSD 3-Clause. yaml-cpp: MIT. Zstandard: BSD. zlib: zlib licence.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Data.&lt;/b&gt; The bundled recordings are real Binance market data recorded by others. This product includes software developed by Bryant Moscon (http://www.bryantmoscon.com/): the cryptofeed recordings, Copyright (C) 2017-2025 Bryant Moscon. The hftbacktest recordings are under the MIT licence, Copyright (c) 2022 nkaz001. The market data itself was produced by Binance.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Marktdaten-Monitor %1&lt;/h3&gt;&lt;p&gt;Hält Binance-Orderbücher exakt synchron, veröffentlicht sie in Redis und zeigt sie live an.&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %2, läuft mit Qt %3.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Lizenzen.&lt;/b&gt; Qt 6 wird unter der GNU LGPL Version 3 verwendet, Qt Charts und Qt HTTP Server unter der GNU GPL Version 3. simdjson: Apache License 2.0. hiredis: BSD 3-Clause. yaml-cpp: MIT. Zstandard: BSD. zlib: zlib-Lizenz.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Daten.&lt;/b&gt; Die mitgelieferten Aufzeichnungen sind echte Binance-Marktdaten, aufgezeichnet von anderen. Für die cryptofeed-Aufzeichnungen, Copyright (C) 2017-2025 Bryant Moscon, verlangt deren Lizenz den Hinweis: „This product includes software developed by Bryant Moscon (http://www.bryantmoscon.com/)“. Die hftbacktest-Aufzeichnungen stehen unter der MIT-Lizenz, Copyright (c) 2022 nkaz001. Die Marktdaten selbst stammen von Binance.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About Market Data Monitor</source>
        <translation>Über Marktdaten-Monitor</translation>
    </message>
    <message>
        <source>Write one symbol&apos;s order book to a JSON or CSV file</source>
        <translation>Das Orderbuch eines Symbols in eine JSON- oder CSV-Datei schreiben</translation>
    </message>
    <message>
        <source>Exported %1, %2 bids and %3 asks, to %4</source>
        <translation>%1 exportiert, %2 Gebote und %3 Angebote, nach %4</translation>
    </message>
    <message>
        <source>Exporting the book of %1…</source>
        <translation>Das Buch von %1 wird exportiert…</translation>
    </message>
    <message>
        <source>Export snapshot</source>
        <translation>Momentaufnahme exportieren</translation>
    </message>
</context>
<context>
    <name>md::PriceLadderModel</name>
    <message>
        <source>Bid qty</source>
        <translation>Geld</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Preis</translation>
    </message>
    <message>
        <source>Ask qty</source>
        <translation>Brief</translation>
    </message>
</context>
<context>
    <name>md::ProcessPanel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>CPU %</source>
        <translation>CPU %</translation>
    </message>
    <message>
        <source>Resident memory, MB</source>
        <translation>Residenter Speicher, MB</translation>
    </message>
    <message>
        <source>Seconds ago</source>
        <translation>Sekunden zuvor</translation>
    </message>
    <message>
        <source>This process</source>
        <translation>Dieser Prozess</translation>
    </message>
    <message>
        <source>CPU:</source>
        <translation>CPU:</translation>
    </message>
    <message>
        <source>Resident memory:</source>
        <translation>Residenter Speicher:</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>Threads:</translation>
    </message>
    <message>
        <source>Messages:</source>
        <translation>Nachrichten:</translation>
    </message>
    <message>
        <source>Redis:</source>
        <translation>Redis:</translation>
    </message>
    <message>
        <source>Health server:</source>
        <translation>Health-Server:</translation>
    </message>
    <message>
        <source>&amp;Feed connections:</source>
        <translation>&amp;Feed-Verbindungen:</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Reconnects</source>
        <translation>Neuverbindungen</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>CPU, %</source>
        <translation>CPU, %</translation>
    </message>
    <message>
        <source>RSS, MB</source>
        <translation>RSS, MB</translation>
    </message>
</context>
<context>
    <name>md::ReplayLauncher</name>
    <message>
        <source>%1 was not found next to this program or on PATH</source>
        <translation>%1 wurde weder neben diesem Programm noch im PATH gefunden</translation>
    </message>
    <message>
        <source>the recording %1 does not exist</source>
        <translation>die Aufzeichnung %1 existiert nicht</translation>
    </message>
    <message>
        <source>no free port on 127.0.0.1 for the replay server</source>
        <translation>kein freier Port auf 127.0.0.1 für den Wiedergabeserver</translation>
    </message>
    <message>
        <source>%1 could not be started: %2</source>
        <translation>%1 konnte nicht gestartet werden: %2</translation>
    </message>
    <message>
        <source>the replay server did not answer on port %1 within %2 s</source>
        <translation>der Wiedergabeserver hat auf Port %1 nicht innerhalb von %2 s geantwortet</translation>
    </message>
    <message>
        <source>the recording holds no order-book data</source>
        <translation>die Aufzeichnung enthält keine Orderbuchdaten</translation>
    </message>
    <message>
        <source>the recording holds no %1 order books</source>
        <translation>die Aufzeichnung enthält keine %1-Orderbücher</translation>
    </message>
    <message>
        <source>the replay server crashed</source>
        <translation>der Wiedergabeserver ist abgestürzt</translation>
    </message>
    <message>
        <source>the replay server exited with code %1</source>
        <translation>der Wiedergabeserver wurde mit Code %1 beendet</translation>
    </message>
</context>
<context>
    <name>md::SnapshotExporter</name>
    <message>
        <source>The book of %1 could not be copied.</source>
        <translation>Das Buch von %1 konnte nicht kopiert werden.</translation>
    </message>
    <message>
        <source>%1 is not synced right now, so its book has no levels of the exchange&apos;s to export. Try again once it is synced.</source>
        <translation>%1 ist gerade nicht synchron, daher hat sein Buch keine Stufen der Börse, die sich exportieren ließen. Versuchen Sie es erneut, sobald es synchron ist.</translation>
    </message>
    <message>
        <source>The snapshot of %1 could not be written to %2.</source>
        <translation>Die Momentaufnahme von %1 konnte nicht nach %2 geschrieben werden.</translation>
    </message>
</context>
<context>
    <name>md::SymbolTableModel</name>
    <message>
        <source>Local clock minus the exchange&apos;s event time of the last depth event. In a replay this includes the age of the recording.</source>
        <translation>Lokale Uhr minus Ereigniszeit der Börse beim letzten Tiefenereignis. Bei einer Wiedergabe ist das Alter der Aufzeichnung enthalten.</translation>
    </message>
    <message>
        <source>Checks of the book&apos;s best bid and ask against the exchange&apos;s bookTicker, and how many differed.</source>
        <translation>Prüfungen von bestem Geld- und Briefkurs des Orderbuchs gegen den bookTicker der Börse, und wie viele abwichen.</translation>
    </message>
    <message>
        <source>No depth event for %1</source>
        <translation>Seit %1 kein Tiefenereignis</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>Symbol</translation>
    </message>
    <message>
        <source>Market</source>
        <translation>Markt</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Last price</source>
        <translation>Letzter Preis</translation>
    </message>
    <message>
        <source>Best bid</source>
        <translation>Geld</translation>
    </message>
    <message>
        <source>Best ask</source>
        <translation>Brief</translation>
    </message>
    <message>
        <source>Spread</source>
        <translation>Spread</translation>
    </message>
    <message>
        <source>Updates</source>
        <translation>Updates</translation>
    </message>
    <message>
        <source>Event lag</source>
        <translation>Verzug</translation>
    </message>
    <message>
        <source>Gaps</source>
        <translation>Lücken</translation>
    </message>
    <message>
        <source>Resyncs</source>
        <translation>Neusynchr.</translation>
    </message>
    <message>
        <source>Audit OK</source>
        <translation>Prüfung OK</translation>
    </message>
    <message>
        <source>Symbol</source>
        <comment>full name in the tooltip</comment>
        <translation>Symbol</translation>
    </message>
    <message>
        <source>Market</source>
        <comment>full name in the tooltip</comment>
        <translation>Markt</translation>
    </message>
    <message>
        <source>Book state</source>
        <comment>full name in the tooltip</comment>
        <translation>Zustand des Orderbuchs</translation>
    </message>
    <message>
        <source>Last trade price</source>
        <comment>full name in the tooltip</comment>
        <translation>Preis des letzten Trades</translation>
    </message>
    <message>
        <source>Best bid price</source>
        <comment>full name in the tooltip</comment>
        <translation>Bester Geldkurs</translation>
    </message>
    <message>
        <source>Best ask price</source>
        <comment>full name in the tooltip</comment>
        <translation>Bester Briefkurs</translation>
    </message>
    <message>
        <source>Spread</source>
        <comment>full name in the tooltip</comment>
        <translation>Spread</translation>
    </message>
    <message>
        <source>Depth updates per second</source>
        <comment>full name in the tooltip</comment>
        <translation>Tiefen-Updates pro Sekunde</translation>
    </message>
    <message>
        <source>Event lag</source>
        <comment>full name in the tooltip</comment>
        <translation>Ereignisverzug</translation>
    </message>
    <message>
        <source>Sequence gaps</source>
        <comment>full name in the tooltip</comment>
        <translation>Lücken in der Update-Folge</translation>
    </message>
    <message>
        <source>Resyncs</source>
        <comment>full name in the tooltip</comment>
        <translation>Neusynchronisierungen</translation>
    </message>
    <message>
        <source>bookTicker checks passed</source>
        <comment>full name in the tooltip</comment>
        <translation>Bestandene bookTicker-Prüfungen</translation>
    </message>
</context>
<context>
    <name>md::TradesModel</name>
    <message>
        <source>Trade %1</source>
        <translation>Trade %1</translation>
    </message>
    <message>
        <source>sell</source>
        <translation>Verkauf</translation>
    </message>
    <message>
        <source>buy</source>
        <translation>Kauf</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>Zeit (UTC)</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Preis</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Menge</translation>
    </message>
    <message>
        <source>Taker</source>
        <translation>Taker</translation>
    </message>
</context>
</TS>
