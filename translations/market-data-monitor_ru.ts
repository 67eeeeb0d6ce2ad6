<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru">
<context>
    <name>DisplayText</name>
    <message>
        <source>stale</source>
        <translation>устарел</translation>
    </message>
    <message>
        <source>syncing</source>
        <translation>синхронизация</translation>
    </message>
    <message>
        <source>synced</source>
        <translation>синхронизирован</translation>
    </message>
    <message>
        <source>resyncing</source>
        <translation>пересинхронизация</translation>
    </message>
    <message>
        <source>spot</source>
        <translation>спот</translation>
    </message>
    <message>
        <source>USD-M futures</source>
        <translation>фьючерсы USD-M</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>остановлено</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>подключение</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>подключено</translation>
    </message>
    <message>
        <source>waiting to reconnect</source>
        <translation>ожидание переподключения</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>отключено</translation>
    </message>
    <message>
        <source>not serving</source>
        <translation>не работает</translation>
    </message>
    <message>
        <source>serving on port %1</source>
        <translation>работает на порту %1</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>ошибка</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 мс</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 с</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 мин</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 ч</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 д</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 МБ</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/с</translation>
    </message>
</context>
<context>
    <name>md::DepthChartView</name>
    <message>
        <source>Bids</source>
        <translation>Покупка</translation>
    </message>
    <message>
        <source>Asks</source>
        <translation>Продажа</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Цена</translation>
    </message>
    <message>
        <source>Cumulative quantity</source>
        <translation>Накопленный объём</translation>
    </message>
</context>
<context>
    <name>md::DesktopMonitor</name>
    <message>
        <source>Show a recording instead of Binance: plays &lt;files&gt; (comma-separated) through market-data-replay on loopback. Without a file, the bundled demo recording.</source>
        <translation>Показать запись вместо Binance: воспроизводит &lt;файлы&gt; (через запятую) через market-data-replay на loopback. Без файла — встроенная демонстрационная запись.</translation>
    </message>
    <message>
        <source>files</source>
        <translation>файлы</translation>
    </message>
    <message>
        <source>Play the recording at &lt;x&gt; times its recorded speed (1).</source>
        <translation>Воспроизводить запись со скоростью, в &lt;x&gt; раз большей записанной (1).</translation>
    </message>
    <message>
        <source>x</source>
        <translation>x</translation>
    </message>
    <message>
        <source>Show the window in &lt;language&gt; (de, ru, zh_CN, en).</source>
        <translation>Показать окно на языке &lt;язык&gt; (de, ru, zh_CN, en).</translation>
    </message>
    <message>
        <source>language</source>
        <translation>язык</translation>
    </message>
    <message>
        <source>--%1: cannot read the recording &quot;%2&quot;</source>
        <translation>--%1: не удаётся прочитать запись «%2»</translation>
    </message>
    <message>
        <source>--%1: &quot;%2&quot; is not a language</source>
        <translation>--%1: «%2» — не язык</translation>
    </message>
    <message>
        <source>Binance %1</source>
        <translation>Binance %1</translation>
    </message>
    <message>
        <source>replay of %1</source>
        <translation>воспроизведение %1</translation>
    </message>
    <message>
        <source>Starting the replay server…</source>
        <translation>Запуск сервера воспроизведения…</translation>
    </message>
    <message>
        <source>The replay cannot go on: %1.</source>
        <translation>Воспроизведение не может продолжаться: %1.</translation>
    </message>
    <message>
        <source>The replay cannot start: %1.</source>
        <translation>Воспроизведение не может начаться: %1.</translation>
    </message>
    <message>
        <source>Market Data Monitor</source>
        <translation>Монитор рыночных данных</translation>
    </message>
    <message>
        <source>--%1: must be a number from 0.01 to 1000, got &quot;%2&quot;</source>
        <translation>--%1: должно быть числом от 0,01 до 1000, получено «%2»</translation>
    </message>
    <message>
        <source>--%1: no recording named</source>
        <translation>--%1: запись не указана</translation>
    </message>
</context>
<context>
    <name>md::EngineController</name>
    <message>
        <source>the engine did not answer within %1 s</source>
        <translation>движок не ответил в течение %1 с</translation>
    </message>
</context>
<context>
    <name>md::EngineWorker</name>
    <message>
        <source>the engine is not running</source>
        <translation>движок не запущен</translation>
    </message>
    <message>
        <source>%1 is not followed</source>
        <translation>%1 не отслеживается</translation>
    </message>
</context>
<context>
    <name>md::ExportDialog</name>
    <message>
        <source>Export snapshot</source>
        <translation>Экспорт снимка</translation>
    </message>
    <message>
        <source>&amp;Symbol:</source>
        <translation>&amp;Инструмент:</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Формат:</translation>
    </message>
    <message>
        <source>&amp;Depth:</source>
        <translation>&amp;Глубина:</translation>
    </message>
    <message>
        <source>F&amp;ile:</source>
        <translation>Фа&amp;йл:</translation>
    </message>
    <message>
        <source>&amp;Whole book</source>
        <translation>&amp;Вся книга</translation>
    </message>
    <message>
        <source>&amp;Top</source>
        <translation>&amp;Лучшие</translation>
    </message>
    <message>
        <source>levels a side</source>
        <translation>на каждой стороне</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Обзор…</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Экспорт</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>No symbol is followed.</source>
        <translation>Ни один инструмент не отслеживается.</translation>
    </message>
    <message>
        <source>%1 is not synced. A book that is not synced has no levels of the exchange&apos;s to export.</source>
        <translation>%1 не синхронизирован. У несинхронизированной книги нет уровней биржи, которые можно экспортировать.</translation>
    </message>
    <message>
        <source>Choose the file to write.</source>
        <translation>Выберите файл для записи.</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>Файлы JSON (*.json)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Файлы CSV (*.csv)</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>Папка %1 не существует.</translation>
    </message>
    <message>
        <source>%1 is a folder; choose a file name in it.</source>
        <translation>%1 — это папка; выберите в ней имя файла.</translation>
    </message>
    <message>
        <source>%1 exists already. Replace it?</source>
        <translation>%1 уже существует. Заменить?</translation>
    </message>
</context>
<context>
    <name>md::MainWindow</name>
    <message>
        <source>Market Data Monitor</source>
        <translation>Монитор рыночных данных</translation>
    </message>
    <message>
        <source>Market Data Monitor — %1</source>
        <translation>Монитор рыночных данных — %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>&amp;Export snapshot…</source>
        <translation>&amp;Экспорт снимка…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Выход</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <source>&amp;Depth chart</source>
        <translation>&amp;График глубины</translation>
    </message>
    <message>
        <source>Price &amp;ladder</source>
        <translation>&amp;Ценовая лестница</translation>
    </message>
    <message>
        <source>Last &amp;trades</source>
        <translation>Последние с&amp;делки</translation>
    </message>
    <message>
        <source>&amp;Process health</source>
        <translation>&amp;Состояние процесса</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>С&amp;бросить расположение</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>&amp;About Market Data Monitor</source>
        <translation>&amp;О программе</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>О &amp;Qt</translation>
    </message>
    <message>
        <source>Process health</source>
        <translation>Состояние процесса</translation>
    </message>
    <message>
        <source>Symbols</source>
        <translation>Инструменты</translation>
    </message>
    <message>
        <source>Price ladder</source>
        <translation>Ценовая лестница</translation>
    </message>
    <message>
        <source>Last trades</source>
        <translation>Последние сделки</translation>
    </message>
    <message>
        <source>Depth</source>
        <translation>Глубина</translation>
    </message>
    <message>
        <source>%1 depth</source>
        <translation>%1: глубина рынка</translation>
    </message>
    <message>
        <source>%1 depth (book %2)</source>
        <translation>%1: глубина рынка (стакан: %2)</translation>
    </message>
    <message>
        <source>%1 price ladder</source>
        <translation>%1: ценовая лестница</translation>
    </message>
    <message>
        <source>%1 last trades</source>
        <translation>%1: последние сделки</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Запуск…</translation>
    </message>
    <message>
        <source>Books synced: %1 of %2</source>
        <translation>Стаканов синхронизировано: %1 из %2</translation>
    </message>
    <message>
        <source>Messages: %1</source>
        <translation>Сообщения: %1</translation>
    </message>
    <message>
        <source>CPU: %1</source>
        <translation>ЦП: %1</translation>
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
        <translation>&lt;h3&gt;Монитор рыночных данных %1&lt;/h3&gt;&lt;p&gt;Поддерживает стаканы Binance в точной синхронизации, публикует их в Redis и показывает в реальном времени.&lt;/p&gt;&lt;p&gt;Собрано с Qt %2, работает на Qt %3.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Лицензии.&lt;/b&gt; Qt 6 используется по GNU LGPL версии 3; Qt Charts и Qt HTTP Server — по GNU GPL версии 3. simdjson: Apache License 2.0. hiredis: BSD 3-Clause. yaml-cpp: MIT. Zstandard: BSD. zlib: лицензия zlib.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Данные.&lt;/b&gt; Встроенные записи — настоящие рыночные данные Binance, записанные другими. Записи cryptofeed, Copyright (C) 2017-2025 Bryant Moscon; их лицензия требует указать: «This product includes software developed by Bryant Moscon (http://www.bryantmoscon.com/)». Записи hftbacktest распространяются по лицензии MIT, Copyright (c) 2022 nkaz001. Сами рыночные данные созданы Binance.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About Market Data Monitor</source>
        <translation>О программе «Монитор рыночных данных»</translation>
    </message>
    <message>
        <source>Write one symbol&apos;s order book to a JSON or CSV file</source>
        <translation>Записать книгу заявок одного инструмента в файл JSON или CSV</translation>
    </message>
    <message>
        <source>Exported %1, %2 bids and %3 asks, to %4</source>
        <translation>%1 экспортирован (уровней покупки: %2, продажи: %3) в %4</translation>
    </message>
    <message>
        <source>Exporting the book of %1…</source>
        <translation>Экспорт книги %1…</translation>
    </message>
    <message>
        <source>Export snapshot</source>
        <translation>Экспорт снимка</translation>
    </message>
</context>
<context>
    <name>md::PriceLadderModel</name>
    <message>
        <source>Bid qty</source>
        <translation>Объём покупки</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Цена</translation>
    </message>
    <message>
        <source>Ask qty</source>
        <translation>Объём продажи</translation>
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
        <translation>ЦП, %</translation>
    </message>
    <message>
        <source>Resident memory, MB</source>
        <translation>Резидентная память, МБ</translation>
    </message>
    <message>
        <source>Seconds ago</source>
        <translation>Секунд назад</translation>
    </message>
    <message>
        <source>This process</source>
        <translation>Этот процесс</translation>
    </message>
    <message>
        <source>CPU:</source>
        <translation>ЦП:</translation>
    </message>
    <message>
        <source>Resident memory:</source>
        <translation>Резидентная память:</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>Потоки:</translation>
    </message>
    <message>
        <source>Messages:</source>
        <translation>Сообщения:</translation>
    </message>
    <message>
        <source>Redis:</source>
        <translation>Redis:</translation>
    </message>
    <message>
        <source>Health server:</source>
        <translation>Сервер health:</translation>
    </message>
    <message>
        <source>&amp;Feed connections:</source>
        <translation>&amp;Подключения к потокам:</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Подключение</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Reconnects</source>
        <translation>Переподключения</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Сообщения</translation>
    </message>
    <message>
        <source>CPU, %</source>
        <translation>ЦП, %</translation>
    </message>
    <message>
        <source>RSS, MB</source>
        <translation>RSS, МБ</translation>
    </message>
</context>
<context>
    <name>md::ReplayLauncher</name>
    <message>
        <source>%1 was not found next to this program or on PATH</source>
        <translation>%1 не найден ни рядом с программой, ни в PATH</translation>
    </message>
    <message>
        <source>the recording %1 does not exist</source>
        <translation>запись %1 не существует</translation>
    </message>
    <message>
        <source>no free port on 127.0.0.1 for the replay server</source>
        <translation>нет свободного порта на 127.0.0.1 для сервера воспроизведения</translation>
    </message>
    <message>
        <source>%1 could not be started: %2</source>
        <translation>не удалось запустить %1: %2</translation>
    </message>
    <message>
        <source>the replay server did not answer on port %1 within %2 s</source>
        <translation>сервер воспроизведения не ответил на порту %1 за %2 с</translation>
    </message>
    <message>
        <source>the recording holds no order-book data</source>
        <translation>в записи нет данных стакана</translation>
    </message>
    <message>
        <source>the recording holds no %1 order books</source>
        <translation>в записи нет стаканов рынка «%1»</translation>
    </message>
    <message>
        <source>the replay server crashed</source>
        <translation>сервер воспроизведения аварийно завершился</translation>
    </message>
    <message>
        <source>the replay server exited with code %1</source>
        <translation>сервер воспроизведения завершился с кодом %1</translation>
    </message>
</context>
<context>
    <name>md::SnapshotExporter</name>
    <message>
        <source>The book of %1 could not be copied.</source>
        <translation>Не удалось скопировать книгу %1.</translation>
    </message>
    <message>
        <source>%1 is not synced right now, so its book has no levels of the exchange&apos;s to export. Try again once it is synced.</source>
        <translation>%1 сейчас не синхронизирован, поэтому в его книге нет уровней биржи для экспорта. Повторите попытку после синхронизации.</translation>
    </message>
    <message>
        <source>The snapshot of %1 could not be written to %2.</source>
        <translation>Не удалось записать снимок %1 в %2.</translation>
    </message>
</context>
<context>
    <name>md::SymbolTableModel</name>
    <message>
        <source>Local clock minus the exchange&apos;s event time of the last depth event. In a replay this includes the age of the recording.</source>
        <translation>Местное время минус время события биржи для последнего события глубины. При воспроизведении сюда входит возраст записи.</translation>
    </message>
    <message>
        <source>Checks of the book&apos;s best bid and ask against the exchange&apos;s bookTicker, and how many differed.</source>
        <translation>Проверки лучших цен покупки и продажи стакана по bookTicker биржи и число расхождений.</translation>
    </message>
    <message>
        <source>No depth event for %1</source>
        <translation>Нет событий глубины уже %1</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>Инструмент</translation>
    </message>
    <message>
        <source>Market</source>
        <translation>Рынок</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Last price</source>
        <translation>Цена</translation>
    </message>
    <message>
        <source>Best bid</source>
        <translation>Покупка</translation>
    </message>
    <message>
        <source>Best ask</source>
        <translation>Продажа</translation>
    </message>
    <message>
        <source>Spread</source>
        <translation>Спред</translation>
    </message>
    <message>
        <source>Updates</source>
        <translation>Обновл.</translation>
    </message>
    <message>
        <source>Event lag</source>
        <translation>Задержка</translation>
    </message>
    <message>
        <source>Gaps</source>
        <translation>Разрывы</translation>
    </message>
    <message>
        <source>Resyncs</source>
        <translation>Пересинхр.</translation>
    </message>
    <message>
        <source>Audit OK</source>
        <translation>Проверено</translation>
    </message>
    <message>
        <source>Symbol</source>
        <comment>full name in the tooltip</comment>
        <translation>Инструмент</translation>
    </message>
    <message>
        <source>Market</source>
        <comment>full name in the tooltip</comment>
        <translation>Рынок</translation>
    </message>
    <message>
        <source>Book state</source>
        <comment>full name in the tooltip</comment>
        <translation>Состояние стакана</translation>
    </message>
    <message>
        <source>Last trade price</source>
        <comment>full name in the tooltip</comment>
        <translation>Цена последней сделки</translation>
    </message>
    <message>
        <source>Best bid price</source>
        <comment>full name in the tooltip</comment>
        <translation>Лучшая цена покупки</translation>
    </message>
    <message>
        <source>Best ask price</source>
        <comment>full name in the tooltip</comment>
        <translation>Лучшая цена продажи</translation>
    </message>
    <message>
        <source>Spread</source>
        <comment>full name in the tooltip</comment>
        <translation>Спред</translation>
    </message>
    <message>
        <source>Depth updates per second</source>
        <comment>full name in the tooltip</comment>
        <translation>Обновления глубины в секунду</translation>
    </message>
    <message>
        <source>Event lag</source>
        <comment>full name in the tooltip</comment>
        <translation>Задержка событий</translation>
    </message>
    <message>
        <source>Sequence gaps</source>
        <comment>full name in the tooltip</comment>
        <translation>Разрывы в последовательности обновлений</translation>
    </message>
    <message>
        <source>Resyncs</source>
        <comment>full name in the tooltip</comment>
        <translation>Пересинхронизации</translation>
    </message>
    <message>
        <source>bookTicker checks passed</source>
        <comment>full name in the tooltip</comment>
        <translation>Пройденные проверки по bookTicker</translation>
    </message>
</context>
<context>
    <name>md::TradesModel</name>
    <message>
        <source>Trade %1</source>
        <translation>Сделка %1</translation>
    </message>
    <message>
        <source>sell</source>
        <translation>продажа</translation>
    </message>
    <message>
        <source>buy</source>
        <translation>покупка</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>Время (UTC)</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Цена</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Количество</translation>
    </message>
    <message>
        <source>Taker</source>
        <translation>Тейкер</translation>
    </message>
</context>
</TS>
