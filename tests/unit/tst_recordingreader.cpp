#include "cryptofeeddecoder.h"
#include "hftbacktestdecoder.h"
#include "mdrecdecoder.h"
#include "recordingmerger.h"
#include "recordingreader.h"
#include "recordingwriter.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <zlib.h>
#include <zstd.h>

#include <memory>
#include <string>
#include <vector>

using md::RecordedMessage;
using md::RecordingDecoder;
using md::RecordingReader;
using Kind = md::RecordedMessage::Kind;
using Format = md::RecordingReader::Format;

Q_DECLARE_METATYPE(md::RecordingReader::Format)

namespace {

constexpr std::string_view DepthUpdateMarker = R"("e":"depthUpdate")";
constexpr std::string_view BookTickerMarker = R"(@bookTicker")";
constexpr size_t ParserPadding = 64;

// An owned copy of a RecordedMessage, to compare sequences after the views are gone.
struct Message
{
    qint64 time = 0;
    Kind kind = Kind::WebSocket;
    std::string source;
    std::string payload;

    bool operator==(const Message &) const = default;
};

Message copyOf(const RecordedMessage &message)
{
    return {message.receiveTimeNs, message.kind, std::string(message.source),
            std::string(message.payload)};
}

QString dataPath(const QString &relative)
{
    return QStringLiteral(MD_TEST_DATA_DIR "/binance/") + relative;
}

QByteArray readBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray gunzip(const QByteArray &compressed)
{
    z_stream stream{};
    if (inflateInit2(&stream, 15 + 32) != Z_OK)
        return {};
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(compressed.data()));
    stream.avail_in = uInt(compressed.size());

    QByteArray plain;
    int status = Z_OK;
    while (status == Z_OK) {
        const qsizetype before = plain.size();
        plain.resize(before + 1024 * 1024);
        stream.next_out = reinterpret_cast<Bytef *>(plain.data() + before);
        stream.avail_out = 1024 * 1024;
        status = inflate(&stream, Z_NO_FLUSH);
        plain.resize(plain.size() - qsizetype(stream.avail_out));
    }
    inflateEnd(&stream);
    return status == Z_STREAM_END ? plain : QByteArray();
}

QByteArray zstdCompress(const QByteArray &plain)
{
    QByteArray compressed(qsizetype(ZSTD_compressBound(size_t(plain.size()))), Qt::Uninitialized);
    const size_t size = ZSTD_compress(compressed.data(), size_t(compressed.size()), plain.data(),
                                      size_t(plain.size()), 3);
    compressed.resize(ZSTD_isError(size) ? 0 : qsizetype(size));
    return compressed;
}

QByteArray zstdDecompress(const QByteArray &compressed)
{
    ZSTD_DCtx *context = ZSTD_createDCtx();
    ZSTD_inBuffer input{compressed.data(), size_t(compressed.size()), 0};
    QByteArray plain;
    size_t status = 1;
    while (input.pos < input.size && !ZSTD_isError(status)) {
        const qsizetype before = plain.size();
        plain.resize(before + 1024 * 1024);
        ZSTD_outBuffer output{plain.data() + before, 1024 * 1024, 0};
        status = ZSTD_decompressStream(context, &output, &input);
        plain.resize(before + qsizetype(output.pos));
    }
    ZSTD_freeDCtx(context);
    return ZSTD_isError(status) || status != 0 ? QByteArray() : plain;
}

// The bytes a decoder sees for a data file: the file itself, or its gunzipped content.
QByteArray plainContent(const QString &relative)
{
    const QByteArray bytes = readBytes(dataPath(relative));
    return relative.endsWith(QLatin1String(".gz")) ? gunzip(bytes) : bytes;
}

std::unique_ptr<RecordingDecoder> createDecoder(Format format)
{
    switch (format) {
    case Format::Cryptofeed:
        return std::make_unique<md::CryptofeedDecoder>();
    case Format::HftBacktest:
        return std::make_unique<md::HftBacktestDecoder>();
    case Format::Mdrec:
        return std::make_unique<md::MdrecDecoder>();
    case Format::Unknown:
        break;
    }
    return nullptr;
}

// Feeds `input` in chunks of `chunkSize` bytes (0: random sizes from 1 to 8192) and collects
// every message. Each chunk is a separate copy, as a reader's blocks would be.
std::vector<Message> decodeInChunks(RecordingDecoder &decoder, const QByteArray &input,
                                    qsizetype chunkSize, QString &error)
{
    QRandomGenerator random(20240808);
    std::vector<Message> messages;
    RecordedMessage message;
    QByteArray chunk;
    qsizetype offset = 0;

    for (;;) {
        RecordingDecoder::Status status = decoder.next(message);
        while (status == RecordingDecoder::Status::Message) {
            if (message.payloadCapacity < message.payload.size())
                error = QStringLiteral("payloadCapacity below the payload size");
            messages.push_back(copyOf(message));
            status = decoder.next(message);
        }
        if (status != RecordingDecoder::Status::NeedMore) {
            if (status == RecordingDecoder::Status::Error)
                error = decoder.errorString();
            return messages;
        }

        if (offset == input.size()) {
            decoder.finish();
            continue;
        }
        const qsizetype size = chunkSize > 0 ? chunkSize : random.bounded(1, 8193);
        chunk = input.mid(offset, size);
        offset += chunk.size();
        decoder.feed(chunk.constData(), size_t(chunk.size()), size_t(chunk.size()));
    }
}

struct ReadResult
{
    std::vector<Message> messages;
    bool allPadded = true; // every payload could be parsed in place
    QString error;
};

template<typename Reader>
ReadResult readAll(Reader &reader)
{
    ReadResult result;
    RecordedMessage message;
    while (reader.next(message)) {
        result.allPadded = result.allPadded &&
                           message.payloadCapacity >= message.payload.size() + ParserPadding;
        result.messages.push_back(copyOf(message));
    }
    result.error = reader.errorString();
    return result;
}

ReadResult readFile(const QString &path, Format *format = nullptr)
{
    RecordingReader reader;
    if (!reader.open(path))
        return {{}, true, reader.errorString()};
    if (format)
        *format = reader.format();
    return readAll(reader);
}

// Names the first difference between two message sequences, or returns an empty string.
QString firstDifference(const std::vector<Message> &actual, const std::vector<Message> &expected)
{
    for (size_t i = 0; i < std::min(actual.size(), expected.size()); ++i) {
        if (actual[i] == expected[i])
            continue;
        return QStringLiteral("message %1 differs: time %2 vs %3, source \"%4\" vs \"%5\", "
                              "payload of %6 vs %7 bytes")
                .arg(i)
                .arg(actual[i].time)
                .arg(expected[i].time)
                .arg(QString::fromStdString(actual[i].source),
                     QString::fromStdString(expected[i].source))
                .arg(actual[i].payload.size())
                .arg(expected[i].payload.size());
    }
    if (actual.size() != expected.size()) {
        return QStringLiteral("%1 messages instead of %2").arg(actual.size()).arg(expected.size());
    }
    return {};
}

bool isTimeOrdered(const std::vector<Message> &messages)
{
    return std::is_sorted(messages.begin(), messages.end(),
                          [](const Message &a, const Message &b) { return a.time < b.time; });
}

qsizetype countContaining(const std::vector<Message> &messages, std::string_view marker)
{
    return std::count_if(messages.begin(), messages.end(), [marker](const Message &message) {
        return message.payload.find(marker) != std::string::npos;
    });
}

qsizetype countKind(const std::vector<Message> &messages, Kind kind)
{
    return std::count_if(messages.begin(), messages.end(),
                         [kind](const Message &message) { return message.kind == kind; });
}

// MDREC bytes formatted by hand from the spec in mdrecformat.h, independently of the writer.
QByteArray formatMdrec(const std::vector<Message> &messages)
{
    QByteArray bytes("MDREC 1\n");
    for (const Message &message : messages) {
        bytes += QByteArray::number(message.time) + ' ' +
                 (message.kind == Kind::Rest ? "rest" : "ws") + ' ' +
                 (message.source.empty() ? QByteArray("-")
                                         : QByteArray::fromStdString(message.source)) +
                 ' ' + QByteArray::number(qsizetype(message.payload.size())) + '\n' +
                 QByteArray::fromStdString(message.payload) + '\n';
    }
    return bytes;
}

// Payloads only a length-prefixed format can carry, plus every kind of source.
std::vector<Message> awkwardMessages()
{
    using namespace std::string_literals;
    return {
            {1, Kind::WebSocket, "wss://example/stream?streams=a@depth", R"({"a":1})"},
            {2, Kind::Rest, "https://example/api/v3/depth?symbol=A&limit=5", "line\nbreaks\n\n"},
            {2, Kind::WebSocket, "", " leading and trailing spaces "},
            {3, Kind::Rest, "", ""},
            {4, Kind::WebSocket, "x", "binary\0zero\r\n\xff"s},
            {5, Kind::WebSocket, "", "99 ws - 3\nfake header inside a payload"},
            {1723161253937085768, Kind::WebSocket, "", "\n"},
    };
}

} // namespace

class tst_RecordingReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void readsRecording_data();
    void readsRecording();
    void mergesCryptofeedPair_data();
    void mergesCryptofeedPair();
    void mergesByTimeKeepingFileOrderOnTies();
    void mergesFilesGivenOutOfOrder();
    void decodesInChunks_data();
    void decodesInChunks();
    void decodesMdrecSpec();
    void writerFollowsSpec();
    void writerRoundTrip_data();
    void writerRoundTrip();
    void writerRefusesUnrecordable_data();
    void writerRefusesUnrecordable();
    void flushedDataSurvivesCrash();
    void rejectsMalformedInput_data();
    void rejectsMalformedInput();
    void mergerNamesFailingFile();
    void mergerRefusesAFileGivenTwice();
    void mergerWarnsOfPartsGivenOutOfOrder();
    void mergerReadsOnPastAPartCutInItsFirstBlock();
    void destroyingMidFileStopsPromptly_data();
    void destroyingMidFileStopsPromptly();

private:
    QTemporaryDir m_dir;
};

void tst_RecordingReader::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void tst_RecordingReader::readsRecording_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("recompressWithZstd");
    QTest::addColumn<Format>("format");
    QTest::addColumn<qsizetype>("webSocket");
    QTest::addColumn<qsizetype>("rest");
    QTest::addColumn<qsizetype>("depthUpdates");
    QTest::addColumn<qsizetype>("firstRestIndex"); // -1: not checked
    QTest::addColumn<qint64>("firstTimeNs");

    // Counts from SOURCES.md; first times read off the first line of each file.
    QTest::newRow("cryptofeed spot 2021-04-04")
            << QStringLiteral("cryptofeed/spot-2021-04-04-btcusdt-ethusdt-dotusdt.txt") << false
            << Format::Cryptofeed << qsizetype(1910 + 2688 + 118) << qsizetype(3) << qsizetype(2688)
            << qsizetype(-1) << Q_INT64_C(1617566591326123000);
    QTest::newRow("cryptofeed spot 10 symbols")
            << QStringLiteral("cryptofeed/spot-2021-04-05-10symbols.txt") << false
            << Format::Cryptofeed << qsizetype(4709 + 5408 + 1240) << qsizetype(10)
            << qsizetype(4709) << qsizetype(-1) << Q_INT64_C(1617647603424944900);
    QTest::newRow("cryptofeed spot 2021-10-12 ws")
            << QStringLiteral("cryptofeed/spot-2021-10-12-4symbols.ws.txt") << false
            << Format::Cryptofeed << qsizetype(177 + 84 + 2 + 2) << qsizetype(0) << qsizetype(177)
            << qsizetype(-1) << Q_INT64_C(1633998512063356900);
    QTest::newRow("cryptofeed spot 2021-10-12 http")
            << QStringLiteral("cryptofeed/spot-2021-10-12-4symbols.http.txt") << false
            << Format::Cryptofeed << qsizetype(0) << qsizetype(4) << qsizetype(0) << qsizetype(0)
            << Q_INT64_C(1633998512320639000);
    QTest::newRow("cryptofeed usdm")
            << QStringLiteral("cryptofeed/usdm-2021-04-05-5symbols.txt") << false
            << Format::Cryptofeed << qsizetype(4423 + 3424 + 574) << qsizetype(5) << qsizetype(4423)
            << qsizetype(-1) << Q_INT64_C(1617647797596378800);
    QTest::newRow("hftbacktest spot 0808")
            << QStringLiteral("hftbacktest/spot-btcusdt-20240808.gz") << false
            << Format::HftBacktest << qsizetype(41249 - 1) << qsizetype(1) << qsizetype(3451)
            << qsizetype(7) << Q_INT64_C(1723161253937085768);
    QTest::newRow("hftbacktest spot 0809")
            << QStringLiteral("hftbacktest/spot-btcusdt-20240809.gz") << false
            << Format::HftBacktest << qsizetype(58325) << qsizetype(0) << qsizetype(3044)
            << qsizetype(-1) << Q_INT64_C(1723161600001658384);
    QTest::newRow("hftbacktest usdm 0808")
            << QStringLiteral("hftbacktest/usdm-btcusdt-20240808.gz") << false
            << Format::HftBacktest << qsizetype(93954 - 1) << qsizetype(1) << qsizetype(6551)
            << qsizetype(54) << Q_INT64_C(1723161255030314667);
    QTest::newRow("hftbacktest spot 0808 as zstd")
            << QStringLiteral("hftbacktest/spot-btcusdt-20240808.gz") << true << Format::HftBacktest
            << qsizetype(41249 - 1) << qsizetype(1) << qsizetype(3451) << qsizetype(7)
            << Q_INT64_C(1723161253937085768);
}

void tst_RecordingReader::readsRecording()
{
    QFETCH(QString, file);
    QFETCH(bool, recompressWithZstd);
    QFETCH(Format, format);
    QFETCH(qsizetype, webSocket);
    QFETCH(qsizetype, rest);
    QFETCH(qsizetype, depthUpdates);
    QFETCH(qsizetype, firstRestIndex);
    QFETCH(qint64, firstTimeNs);

    QString path = dataPath(file);
    if (recompressWithZstd) {
        path = m_dir.filePath(QStringLiteral("recompressed.zst"));
        QVERIFY(writeBytes(path, zstdCompress(plainContent(file))));
    }

    Format detected = Format::Unknown;
    const ReadResult result = readFile(path, &detected);
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QCOMPARE(detected, format);
    QCOMPARE(countKind(result.messages, Kind::WebSocket), webSocket);
    QCOMPARE(countKind(result.messages, Kind::Rest), rest);
    QCOMPARE(countContaining(result.messages, DepthUpdateMarker), depthUpdates);
    QVERIFY(!result.messages.empty());
    QCOMPARE(result.messages.front().time, firstTimeNs);
    QVERIFY(isTimeOrdered(result.messages));
    QVERIFY(result.allPadded);

    const bool hasUrls = format == Format::Cryptofeed;
    for (const Message &message : result.messages) {
        QVERIFY(message.payload.starts_with('{') && message.payload.ends_with('}'));
        if (!hasUrls)
            QVERIFY(message.source.empty());
        else if (message.kind == Kind::Rest)
            QVERIFY(message.source.starts_with("https://") &&
                    message.source.find("/depth?symbol=") != std::string::npos);
        else
            QVERIFY(message.source.starts_with("wss://") &&
                    message.source.find("/stream?streams=") != std::string::npos);
    }
    if (firstRestIndex >= 0) {
        const auto first = std::find_if(result.messages.begin(), result.messages.end(),
                                        [](const Message &m) { return m.kind == Kind::Rest; });
        QCOMPARE(qsizetype(first - result.messages.begin()), firstRestIndex);
        QVERIFY(first->payload.starts_with(R"({"lastUpdateId")"));
    }
}

void tst_RecordingReader::mergesCryptofeedPair_data()
{
    QTest::addColumn<QStringList>("given");

    const QString ws = dataPath(QStringLiteral("cryptofeed/spot-2021-10-12-4symbols.ws.txt"));
    const QString http = dataPath(QStringLiteral("cryptofeed/spot-2021-10-12-4symbols.http.txt"));
    QTest::newRow("ws file only") << QStringList{ws};
    QTest::newRow("http file only") << QStringList{http};
    QTest::newRow("both files") << QStringList{ws, http};
    QTest::newRow("both, http first") << QStringList{http, ws};
}

void tst_RecordingReader::mergesCryptofeedPair()
{
    QFETCH(QStringList, given);

    md::RecordingMerger merger;
    QVERIFY2(merger.open(given), qPrintable(merger.errorString()));
    QCOMPARE(merger.fileNames().size(), 2);
    QCOMPARE(merger.fileNames().first(), given.first());

    // SOURCES.md: 177 depthUpdate, 84 bookTicker, 2 aggTrade, 2 kline and 4 snapshots.
    const ReadResult result = readAll(merger);
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QCOMPARE(result.messages.size(), size_t(177 + 84 + 2 + 2 + 4));
    QCOMPARE(countContaining(result.messages, DepthUpdateMarker), qsizetype(177));
    QCOMPARE(countContaining(result.messages, BookTickerMarker), qsizetype(84));
    QCOMPARE(countKind(result.messages, Kind::Rest), qsizetype(4));
    QVERIFY(isTimeOrdered(result.messages));

    // The first snapshot (NKNUSDT) was requested after the first depth message arrived.
    QCOMPARE(result.messages.front().kind, Kind::WebSocket);
    QVERIFY(result.messages.front().payload.find("nknusdt@depth") != std::string::npos);
}

void tst_RecordingReader::mergesByTimeKeepingFileOrderOnTies()
{
    const QString first = m_dir.filePath(QStringLiteral("ties-a.txt"));
    const QString second = m_dir.filePath(QStringLiteral("ties-b.txt"));
    QVERIFY(writeBytes(first, "1.5: {\"a\":1}\n2.0: {\"a\":2}\n"));
    QVERIFY(writeBytes(second, "1.5: {\"b\":1}\n1.75: {\"b\":2}\n2.0: {\"b\":3}\n"));

    md::RecordingMerger merger;
    QVERIFY2(merger.open({first, second}), qPrintable(merger.errorString()));
    const ReadResult result = readAll(merger);
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));

    QStringList order;
    for (const Message &message : result.messages)
        order << QString::fromStdString(message.payload);
    const QStringList expected{QStringLiteral("{\"a\":1}"), QStringLiteral("{\"b\":1}"),
                               QStringLiteral("{\"b\":2}"), QStringLiteral("{\"a\":2}"),
                               QStringLiteral("{\"b\":3}")};
    QCOMPARE(order, expected);
    QCOMPARE(result.messages[2].time, Q_INT64_C(1'750'000'000));
}

void tst_RecordingReader::mergesFilesGivenOutOfOrder()
{
    const QString day1 = dataPath(QStringLiteral("hftbacktest/spot-btcusdt-20240808.gz"));
    const QString day2 = dataPath(QStringLiteral("hftbacktest/spot-btcusdt-20240809.gz"));

    md::RecordingMerger merger;
    QVERIFY2(merger.open({day2, day1}), qPrintable(merger.errorString()));
    const ReadResult result = readAll(merger);
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QCOMPARE(result.messages.size(), size_t(41249 + 58325));
    QVERIFY(isTimeOrdered(result.messages));
    QCOMPARE(result.messages.front().time, Q_INT64_C(1723161253937085768));
    QCOMPARE(result.messages[41249].time, Q_INT64_C(1723161600001658384));
}

void tst_RecordingReader::decodesInChunks_data()
{
    QTest::addColumn<Format>("format");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<qsizetype>("chunkSize"); // 0: random sizes

    // MDREC input: a real session plus the payloads only a length-prefixed format can carry.
    md::RecordingMerger merger;
    QVERIFY(merger.open({dataPath(QStringLiteral("cryptofeed/spot-2021-10-12-4symbols.ws.txt"))}));
    std::vector<Message> mdrecMessages = readAll(merger).messages;
    for (const Message &message : awkwardMessages())
        mdrecMessages.push_back(message);

    struct Input
    {
        const char *name;
        Format format;
        QByteArray bytes;
    };
    const Input inputs[] = {
            {"cryptofeed", Format::Cryptofeed,
             plainContent(QStringLiteral("cryptofeed/spot-2021-04-05-10symbols.txt"))},
            {"cryptofeed rest", Format::Cryptofeed,
             plainContent(QStringLiteral("cryptofeed/spot-2021-10-12-4symbols.http.txt"))},
            {"cryptofeed no final newline", Format::Cryptofeed,
             plainContent(QStringLiteral("cryptofeed/spot-2021-10-12-4symbols.ws.txt")).trimmed()},
            {"hftbacktest", Format::HftBacktest,
             plainContent(QStringLiteral("hftbacktest/spot-btcusdt-20240808.gz"))},
            {"mdrec", Format::Mdrec, formatMdrec(mdrecMessages)},
    };
    for (const Input &input : inputs) {
        for (const qsizetype chunkSize : {1, 2, 7, 4096, 0}) {
            const QByteArray size = chunkSize ? QByteArray::number(chunkSize) : "random";
            QTest::newRow((QByteArray(input.name) + " in chunks of " + size).constData())
                    << input.format << input.bytes << chunkSize;
        }
    }
}

void tst_RecordingReader::decodesInChunks()
{
    QFETCH(Format, format);
    QFETCH(QByteArray, input);
    QFETCH(qsizetype, chunkSize);
    QVERIFY(!input.isEmpty());

    QString wholeError;
    const std::vector<Message> whole =
            decodeInChunks(*createDecoder(format), input, input.size(), wholeError);
    QVERIFY2(wholeError.isEmpty(), qPrintable(wholeError));
    QVERIFY(!whole.empty());

    QString chunkedError;
    const std::vector<Message> chunked =
            decodeInChunks(*createDecoder(format), input, chunkSize, chunkedError);
    QVERIFY2(chunkedError.isEmpty(), qPrintable(chunkedError));
    const QString difference = firstDifference(chunked, whole);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

void tst_RecordingReader::decodesMdrecSpec()
{
    const std::vector<Message> expected = awkwardMessages();

    md::MdrecDecoder decoder;
    QString error;
    const std::vector<Message> decoded = decodeInChunks(decoder, formatMdrec(expected), 3, error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QString difference = firstDifference(decoded, expected);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

void tst_RecordingReader::writerFollowsSpec()
{
    const QString path = m_dir.filePath(QStringLiteral("spec.mdrec"));
    const std::vector<Message> messages = awkwardMessages();

    md::RecordingWriter writer;
    QVERIFY2(writer.open(path), qPrintable(writer.errorString()));
    for (const Message &message : messages)
        QVERIFY2(writer.write(message.time, message.kind, message.source, message.payload),
                 qPrintable(writer.errorString()));
    QVERIFY(writer.close());

    const QByteArray compressed = readBytes(path);
    QVERIFY(compressed.startsWith("\x28\xb5\x2f\xfd"));
    QCOMPARE(zstdDecompress(compressed), formatMdrec(messages));
}

void tst_RecordingReader::writerRoundTrip_data()
{
    QTest::addColumn<QStringList>("files");

    QTest::newRow("cryptofeed pair")
            << QStringList{dataPath(QStringLiteral("cryptofeed/spot-2021-10-12-4symbols.ws.txt"))};
    QTest::newRow("cryptofeed 10 symbols")
            << QStringList{dataPath(QStringLiteral("cryptofeed/spot-2021-04-05-10symbols.txt"))};
    QTest::newRow("hftbacktest usdm")
            << QStringList{dataPath(QStringLiteral("hftbacktest/usdm-btcusdt-20240808.gz"))};
}

void tst_RecordingReader::writerRoundTrip()
{
    QFETCH(QStringList, files);
    const QString path = m_dir.filePath(QStringLiteral("roundtrip.mdrec"));

    md::RecordingMerger merger;
    QVERIFY2(merger.open(files), qPrintable(merger.errorString()));
    md::RecordingWriter writer;
    QVERIFY2(writer.open(path), qPrintable(writer.errorString()));
    std::vector<Message> written;
    RecordedMessage message;
    while (merger.next(message)) {
        QVERIFY2(writer.write(message), qPrintable(writer.errorString()));
        written.push_back(copyOf(message));
        if (written.size() % 1000 == 0)
            QVERIFY2(writer.flush(), qPrintable(writer.errorString()));
    }
    QVERIFY2(!merger.hasError(), qPrintable(merger.errorString()));
    QVERIFY2(writer.close(), qPrintable(writer.errorString()));

    Format format = Format::Unknown;
    const ReadResult result = readFile(path, &format);
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QCOMPARE(format, Format::Mdrec);
    QVERIFY(result.allPadded);
    const QString difference = firstDifference(result.messages, written);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

void tst_RecordingReader::writerRefusesUnrecordable_data()
{
    QTest::addColumn<qint64>("time");
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<qsizetype>("payloadSize");

    QTest::newRow("negative time") << qint64(-1) << QByteArray("wss://x") << qsizetype(2);
    QTest::newRow("space in source") << qint64(1) << QByteArray("wss://x y") << qsizetype(2);
    QTest::newRow("newline in source") << qint64(1) << QByteArray("wss://x\n") << qsizetype(2);
    QTest::newRow("dash source") << qint64(1) << QByteArray("-") << qsizetype(2);
    QTest::newRow("payload over 64 MiB")
            << qint64(1) << QByteArray("wss://x") << qsizetype(64 * 1024 * 1024 + 1);
}

void tst_RecordingReader::writerRefusesUnrecordable()
{
    QFETCH(qint64, time);
    QFETCH(QByteArray, source);
    QFETCH(qsizetype, payloadSize);
    const QString path = m_dir.filePath(QStringLiteral("refused.mdrec"));

    md::RecordingWriter writer;
    QVERIFY(writer.open(path));
    const std::string payload(size_t(payloadSize), '{');
    QVERIFY(!writer.write(time, Kind::WebSocket, source.toStdString(), payload));
    QVERIFY(!writer.errorString().isEmpty());

    // The refusal leaves the writer usable and the file valid.
    QVERIFY(writer.write(7, Kind::WebSocket, "wss://x", "{}"));
    QVERIFY(writer.close());
    const ReadResult result = readFile(path);
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QCOMPARE(result.messages.size(), size_t(1));
}

void tst_RecordingReader::flushedDataSurvivesCrash()
{
    const QString path = m_dir.filePath(QStringLiteral("crashed.mdrec"));
    const QString copy = m_dir.filePath(QStringLiteral("crashed-copy.mdrec"));

    md::RecordingWriter writer;
    QVERIFY(writer.open(path));
    for (int i = 0; i < 100; ++i)
        QVERIFY(writer.write(i, Kind::WebSocket, "wss://x", R"({"n":1})"));
    QVERIFY(writer.flush());
    QVERIFY(writer.write(100, Kind::WebSocket, "wss://x", R"({"lost":true})"));

    // The copy is what a crash right now would leave behind: an unfinished zstd frame.
    QVERIFY(writeBytes(copy, readBytes(path)));
    const ReadResult result = readFile(copy);
    QCOMPARE(result.messages.size(), size_t(100));
    QVERIFY2(result.error.contains(QLatin1String("truncated zstd")), qPrintable(result.error));
    QVERIFY(writer.close());
}

void tst_RecordingReader::rejectsMalformedInput_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QByteArray>("expectedError");

    const QByteArray gzip =
            readBytes(dataPath(QStringLiteral("hftbacktest/spot-btcusdt-20240808.gz")));
    // The gzip trailer's CRC-32 of the content: only the integrity check can catch this.
    QByteArray corruptGzip = gzip;
    corruptGzip[corruptGzip.size() - 8] = char(~corruptGzip[corruptGzip.size() - 8]);
    const QByteArray mdrec = zstdCompress(formatMdrec(awkwardMessages()));

    QTest::newRow("truncated gzip") << gzip.left(gzip.size() / 2) << QByteArray("truncated gzip");
    QTest::newRow("corrupt gzip") << corruptGzip << QByteArray("corrupt gzip");
    QTest::newRow("truncated zstd") << mdrec.left(mdrec.size() - 5) << QByteArray("truncated zstd");
    QTest::newRow("corrupt zstd") << mdrec.left(4) + QByteArray(64, '\x55')
                                  << QByteArray("corrupt zstd");
    QTest::newRow("garbage cryptofeed line")
            << QByteArray("1.5: {}\n2.5: {}\nhello world\n3.5: {}\n") << QByteArray("line 3");
    QTest::newRow("malformed cryptofeed time") << QByteArray("1.5x: {}\n") << QByteArray("line 1");
    QTest::newRow("cryptofeed rest without time")
            << QByteArray("\nhttps://api/depth -> : {}\n") << QByteArray("line 2");
    QTest::newRow("hftbacktest line without json")
            << zstdCompress("1723161253937085768 {}\n1723161253937085769\n")
            << QByteArray("line 2");
    QTest::newRow("hftbacktest time not a number")
            << zstdCompress("1723161253937085768 {}\n17231612x3937085769 {}\n")
            << QByteArray("line 2");
    QTest::newRow("mdrec absurd length")
            << zstdCompress("MDREC 1\n1 ws - 99999999999\n{}\n") << QByteArray("record 1");
    QTest::newRow("mdrec length past the end")
            << zstdCompress("MDREC 1\n1 ws - 2\n{}\n2 ws - 10\n{}\n") << QByteArray("record 2");
    QTest::newRow("mdrec no newline after payload")
            << zstdCompress("MDREC 1\n1 ws - 2\n{}X") << QByteArray("no newline");
    QTest::newRow("mdrec unknown kind")
            << zstdCompress("MDREC 1\n1 udp - 2\n{}\n") << QByteArray("unknown kind");
    QTest::newRow("mdrec missing field")
            << zstdCompress("MDREC 1\n1 ws 2\n{}\n") << QByteArray("malformed header");
    QTest::newRow("mdrec endless header")
            << zstdCompress("MDREC 1\n1 ws " + QByteArray(100'000, 'x'))
            << QByteArray("header longer");
    QTest::newRow("mdrec other version")
            << zstdCompress("MDREC 2\n") << QByteArray("not an MDREC 1");
    QTest::newRow("nonexistent file") << QByteArray() << QByteArray("cannot open");
}

void tst_RecordingReader::rejectsMalformedInput()
{
    QFETCH(QByteArray, content);
    QFETCH(QByteArray, expectedError);

    const QString path = m_dir.filePath(QStringLiteral("malformed"));
    QFile::remove(path);
    if (!content.isEmpty())
        QVERIFY(writeBytes(path, content));

    RecordingReader reader;
    if (reader.open(path)) {
        RecordedMessage message;
        while (reader.next(message)) {
        }
        QVERIFY(!reader.next(message));
    }
    QVERIFY(reader.hasError());
    QVERIFY2(reader.errorString().contains(QString::fromLatin1(expectedError)),
             qPrintable(reader.errorString()));
    QVERIFY2(reader.errorString().contains(path), qPrintable(reader.errorString()));
}

void tst_RecordingReader::mergerNamesFailingFile()
{
    const QString good = dataPath(QStringLiteral("cryptofeed/spot-2021-10-12-4symbols.http.txt"));
    const QString bad = m_dir.filePath(QStringLiteral("bad.txt"));
    QVERIFY(writeBytes(bad, "1633998512.0: {}\n1633998513.0: {}\nnot a line\n"));

    md::RecordingMerger merger;
    QVERIFY2(merger.open({good, bad}), qPrintable(merger.errorString()));
    const ReadResult result = readAll(merger);
    QVERIFY(merger.hasError());
    QVERIFY2(result.error.contains(bad) && result.error.contains(QLatin1String("line 3")),
             qPrintable(result.error));

    QVERIFY(!merger.open({good, m_dir.filePath(QStringLiteral("missing.txt"))}));
    QVERIFY2(merger.errorString().contains(QLatin1String("missing.txt")),
             qPrintable(merger.errorString()));
}

// Writes one MDREC part holding a message at each of the given receive times.
bool writePart(const QString &path, std::initializer_list<qint64> times)
{
    md::RecordingWriter writer;
    if (!writer.open(path))
        return false;
    for (const qint64 time : times) {
        if (!writer.write(time, md::RecordedMessage::Kind::WebSocket, "wss://x", "{}"))
            return false;
    }
    return writer.close();
}

void tst_RecordingReader::mergerRefusesAFileGivenTwice()
{
    // Read twice, a recording would go back in time; the books would stall or resync.
    const QString part = m_dir.filePath(QStringLiteral("twice-20261203T100000Z-0001.mdrec"));
    const QString other = m_dir.filePath(QStringLiteral("other.txt"));
    QVERIFY(writePart(part, {1, 2}));
    QVERIFY(writeBytes(other, "1633998512.0: {}\n"));
    const QString sameByAnotherPath =
            m_dir.path() + QStringLiteral("/./") + QFileInfo(part).fileName();

    md::RecordingMerger merger;
    for (const QStringList &paths :
         {QStringList{part, part}, QStringList{part, other, sameByAnotherPath},
          QStringList{other, other}}) {
        QVERIFY(!merger.open(paths));
        QVERIFY2(merger.errorString().contains(QLatin1String("given more than once")),
                 qPrintable(merger.errorString()));
    }
}

void tst_RecordingReader::mergerWarnsOfPartsGivenOutOfOrder()
{
    const QString first = m_dir.filePath(QStringLiteral("order-20261203T100000Z-0001.mdrec"));
    const QString second = m_dir.filePath(QStringLiteral("order-20261203T110000Z-0002.mdrec"));
    QVERIFY(writePart(first, {1'000'000'000, 2'000'000'000}));
    QVERIFY(writePart(second, {3'000'000'000, 4'000'000'000}));

    md::RecordingMerger merger;
    QVERIFY(merger.open({first, second}));
    QCOMPARE(readAll(merger).messages.size(), size_t(4));
    QVERIFY2(merger.warnings().isEmpty(), qPrintable(merger.warnings().join(u'\n')));

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("starts 3.000 s before")));
    QVERIFY(merger.open({second, first}));
    QCOMPARE(readAll(merger).messages.size(), size_t(4));
    QCOMPARE(merger.warnings().size(), 1);
    QVERIFY2(merger.warnings().first().startsWith(first), qPrintable(merger.warnings().first()));
}

void tst_RecordingReader::mergerReadsOnPastAPartCutInItsFirstBlock()
{
    // A fresh part whose first write was cut short (a full disk, a crash) holds not one whole
    // block; the parts after it are still the same recording and must be read.
    const QString first = m_dir.filePath(QStringLiteral("early-20261203T100000Z-0001.mdrec"));
    const QString cut = m_dir.filePath(QStringLiteral("early-20261203T100500Z-0002.mdrec"));
    const QString last = m_dir.filePath(QStringLiteral("early-20261203T101000Z-0003.mdrec"));
    QVERIFY(writePart(first, {1, 2}));
    QVERIFY(writePart(cut, {3, 4}));
    QVERIFY(writePart(last, {5, 6}));
    QVERIFY(writeBytes(cut, readBytes(cut).left(9)));

    md::RecordingMerger merger;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("truncated zstd")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("read on with")));
    QVERIFY2(merger.open({first, cut, last}), qPrintable(merger.errorString()));
    const ReadResult result = readAll(merger);
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QCOMPARE(result.messages.size(), size_t(4));
    QCOMPARE(result.messages.back().time, qint64(6));
    QCOMPARE(merger.warnings().size(), 1);

    // Cut first, it is read past as well; cut last, it is the error it always was.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("truncated zstd")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("read on with")));
    QVERIFY2(merger.open({cut, last}), qPrintable(merger.errorString()));
    QCOMPARE(readAll(merger).messages.size(), size_t(2));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("truncated zstd")));
    QVERIFY(!merger.open({cut}));
}

void tst_RecordingReader::destroyingMidFileStopsPromptly_data()
{
    QTest::addColumn<QString>("file");

    QTest::newRow("gzip") << dataPath(QStringLiteral("hftbacktest/usdm-btcusdt-20240808.gz"));
    QTest::newRow("plain text") << dataPath(
            QStringLiteral("cryptofeed/spot-2021-04-05-10symbols.txt"));
}

void tst_RecordingReader::destroyingMidFileStopsPromptly()
{
    QFETCH(QString, file);

    QElapsedTimer timer;
    timer.start();
    {
        RecordingReader reader;
        QVERIFY(reader.open(file));
        RecordedMessage message;
        for (int i = 0; i < 10; ++i)
            QVERIFY(reader.next(message));
    }
    // A guard against a hang: stopping takes at most one block of work.
    QCOMPARE_LT(timer.elapsed(), 2000);
}

QTEST_GUILESS_MAIN(tst_RecordingReader)

#include "tst_recordingreader.moc"
