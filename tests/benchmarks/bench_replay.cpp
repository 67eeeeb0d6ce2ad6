// Messages per second for four ways of consuming the same real recordings, on one core:
//  bare    - simdjson on-demand walking every field, decimals converted, no book: the ceiling
//  parse   - MessageParser into typed messages
//  apply   - parse + book sync + audit as `market-data-replay verify` does (RecordingVerifier)
//  service - the same through MarketDataEngine, as the service and the window receive a feed:
//            its routing, receive times and bookkeeping included
// Prints each rate and its ratio to the bare parse.
//   bench_replay [--runs N] [--only bare|parse|apply|service] [--clock wall|cpu] [FILE...]
// Defaults: best of 11 runs of each, on the bundled recordings. One run of one way on one file
// suits callgrind and cachegrind, which count instructions, misses and mispredicts exactly.
#include "config.h"
#include "decimal.h"
#include "marketdataengine.h"
#include "messageparser.h"
#include "recordingmerger.h"
#include "recordingverifier.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QStringList>
#include <QUrlQuery>

#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <string>
#include <vector>

namespace {

namespace od = simdjson::ondemand;

constexpr int DefaultRuns = 11;

// Wall-clock time by default. CPU time of this thread leaves out the time the scheduler gives to
// other processes, which on a shared machine is most of the noise; caches they disturb remain.
clockid_t g_clock = CLOCK_MONOTONIC;

class Stopwatch
{
public:
    Stopwatch()
        : m_start(now())
    {
    }

    double seconds() const { return now() - m_start; }

private:
    static double now()
    {
        timespec time{};
        clock_gettime(g_clock, &time);
        return double(time.tv_sec) + double(time.tv_nsec) / 1e9;
    }

    double m_start;
};

struct Recording
{
    QString name;
    std::vector<std::string> payloads; // each followed by simdjson's padding
    std::vector<std::string> sources;
    std::vector<md::RecordedMessage::Kind> kinds;
    size_t levels = 0;

    // The books in it, as the verifier finds them, for the service's configuration.
    md::Market market = md::Market::Spot;
    QStringList symbols;
    bool oneMarket = true;
    // REST snapshots as the snapshot fetcher hands them over, by message index.
    std::map<size_t, std::pair<QString, QByteArray>> snapshots;
};

// Plays the whole recording through the verifier, as `market-data-replay verify` does.
void verifyAll(const Recording &recording, md::RecordingVerifier &verifier)
{
    for (size_t i = 0; i < recording.payloads.size(); ++i) {
        md::RecordedMessage message;
        message.kind = recording.kinds[i];
        message.source = recording.sources[i];
        message.payload = recording.payloads[i];
        message.payloadCapacity = recording.payloads[i].capacity();
        verifier.process(message);
    }
}

// Which books the recording holds, and which symbol each REST snapshot is for: the request URL
// names it, and a recording without URLs has a single symbol.
void findBooks(Recording &recording)
{
    md::RecordingVerifier verifier;
    verifyAll(recording, verifier);
    const auto reports = verifier.report();
    for (const md::RecordingVerifier::SymbolReport &report : reports) {
        recording.market = reports.front().market;
        recording.oneMarket = recording.oneMarket && report.market == recording.market;
        recording.symbols << QString::fromStdString(report.symbol);
    }

    for (size_t i = 0; i < recording.payloads.size(); ++i) {
        if (recording.kinds[i] != md::RecordedMessage::Kind::Rest)
            continue;
        const QUrl url(QString::fromStdString(recording.sources[i]));
        QString symbol = QUrlQuery(url).queryItemValue(QStringLiteral("symbol"));
        if (symbol.isEmpty() && recording.symbols.size() == 1)
            symbol = recording.symbols.first();
        recording.snapshots[i] = {symbol, QByteArray::fromStdString(recording.payloads[i])};
    }
}

bool load(const QStringList &files, Recording &recording)
{
    md::RecordingMerger merger;
    if (!merger.open(files)) {
        std::fprintf(stderr, "%s\n", qPrintable(merger.errorString()));
        return false;
    }
    md::RecordedMessage message;
    while (merger.next(message)) {
        std::string payload(message.payload);
        payload.reserve(payload.size() + simdjson::SIMDJSON_PADDING);
        recording.payloads.push_back(std::move(payload));
        recording.sources.emplace_back(message.source);
        recording.kinds.push_back(message.kind);
    }
    return !merger.hasError();
}

// Walks every value; counts the price levels ([string, string] arrays) as it goes.
bool walk(od::value value, size_t &levels, qint64 &sink);

bool walkArray(od::array array, size_t &levels, qint64 &sink)
{
    size_t strings = 0, items = 0;
    for (auto element : array) {
        od::value item;
        if (element.get(item))
            return false;
        od::json_type type;
        if (item.type().get(type))
            return false;
        strings += type == od::json_type::string;
        ++items;
        if (!walk(item, levels, sink))
            return false;
    }
    levels += items == 2 && strings == 2;
    return true;
}

bool walk(od::value value, size_t &levels, qint64 &sink)
{
    od::json_type type;
    if (value.type().get(type))
        return false;
    switch (type) {
    case od::json_type::object: {
        od::object object;
        if (value.get_object().get(object))
            return false;
        for (auto field : object) {
            od::value child;
            if (field.value().get(child) || !walk(child, levels, sink))
                return false;
        }
        return true;
    }
    case od::json_type::array: {
        od::array array;
        return !value.get_array().get(array) && walkArray(array, levels, sink);
    }
    case od::json_type::string: {
        std::string_view text;
        if (value.get_string().get(text))
            return false;
        md::Decimal decimal;
        if (md::parseDecimal(text, decimal) == md::DecimalError::None)
            sink += decimal.units;
        return true;
    }
    case od::json_type::number: {
        int64_t number = 0;
        if (!value.get_int64().get(number))
            sink += number;
        return true;
    }
    default:
        return true;
    }
}

double bareParse(const Recording &recording, size_t &levels)
{
    od::parser parser;
    qint64 sink = 0;
    const Stopwatch timer;
    levels = 0;
    for (const std::string &payload : recording.payloads) {
        od::document document;
        const simdjson::padded_string_view json(payload.data(), payload.size(), payload.capacity());
        od::value root;
        if (!parser.iterate(json).get(document) && !document.get_value().get(root))
            walk(root, levels, sink);
    }
    const double seconds = timer.seconds();
    if (sink == 42)
        std::puts("");
    return seconds;
}

double engineParse(const Recording &recording)
{
    md::MessageParser parser;
    md::ParsedMessage message;
    size_t parsed = 0;
    const Stopwatch timer;
    for (const std::string &payload : recording.payloads)
        parsed += parser.parse(payload.data(), payload.size(), payload.capacity(), message);
    const double seconds = timer.seconds();
    if (parsed != recording.payloads.size())
        std::fprintf(stderr, "warning: %zu messages rejected\n",
                     recording.payloads.size() - parsed);
    return seconds;
}

double parseAndApply(const Recording &recording, quint64 &mismatches)
{
    md::RecordingVerifier verifier;
    const Stopwatch timer;
    verifyAll(recording, verifier);
    const double seconds = timer.seconds();
    mismatches = 0;
    for (const auto &report : verifier.report())
        mismatches += report.audit.mismatches;
    return seconds;
}

double serviceParseAndApply(const Recording &recording, quint64 &checks, quint64 &mismatches)
{
    md::Config config = md::ConfigLoader::defaults(recording.market);
    config.symbols = recording.symbols;
    // A depth limit no venue takes leaves the snapshot fetcher idle: the recording brings the
    // snapshots, and no request may leave this process while it is timed.
    config.depthLimit = 0;
    md::MarketDataEngine engine(config);

    const Stopwatch timer;
    for (size_t i = 0; i < recording.payloads.size(); ++i) {
        const std::string &payload = recording.payloads[i];
        if (recording.kinds[i] == md::RecordedMessage::Kind::Rest) {
            const auto &[symbol, body] = recording.snapshots.at(i);
            engine.receiveSnapshot(symbol, body);
        } else {
            engine.receiveMessage(payload.data(), payload.size(), payload.capacity());
        }
    }
    const double seconds = timer.seconds();

    checks = mismatches = 0;
    for (const auto &symbol : engine.symbols()) {
        checks += symbol->tracker.audit().counters().checks;
        mismatches += symbol->tracker.audit().counters().mismatches;
    }
    return seconds;
}

struct Options
{
    int runs = DefaultRuns;
    QString only; // "bare", "parse", "apply" or "service" to run that one alone; empty runs all
};

void benchmark(const Recording &recording, const Options &options)
{
    size_t levels = 0;
    quint64 mismatches = 0;
    quint64 serviceChecks = 0, serviceMismatches = 0;
    const double messages = double(recording.payloads.size());
    const auto wanted = [&](const char *which) {
        return options.only.isEmpty() || options.only == QLatin1String(which);
    };

    // The runs take turns, so a burst of load from elsewhere on this shared machine hits them
    // alike; the fastest of each is kept.
    double bare = 1e30, parse = 1e30, apply = 1e30, service = 1e30;
    for (int i = 0; i < options.runs; ++i) {
        if (wanted("bare"))
            bare = std::min(bare, bareParse(recording, levels));
        if (wanted("parse"))
            parse = std::min(parse, engineParse(recording));
        if (wanted("apply"))
            apply = std::min(apply, parseAndApply(recording, mismatches));
        if (wanted("service") && recording.oneMarket) {
            service = std::min(service,
                               serviceParseAndApply(recording, serviceChecks, serviceMismatches));
        }
    }

    std::printf("%s: %zu messages, %zu price levels\n", qPrintable(recording.name),
                recording.payloads.size(), levels);
    const auto row = [&](const char *what, double seconds) {
        if (seconds == 1e30)
            return;
        std::printf("  %-22s %8.3f M msg/s", what, messages / seconds / 1e6);
        if (bare < 1e30) {
            std::printf(" %8.2f M levels/s %6.0f%% of bare", double(levels) / seconds / 1e6,
                        100.0 * bare / seconds);
        }
        std::printf("\n");
    };
    row("bare simdjson parse", bare);
    row("engine parse", parse);
    row("verify parse + apply", apply);
    row("service parse + apply", service);
    if (mismatches || serviceMismatches) {
        std::printf("  WARNING: %llu audit mismatches (%llu in the service)\n",
                    static_cast<unsigned long long>(mismatches + serviceMismatches),
                    static_cast<unsigned long long>(serviceMismatches));
    }
    if (service < 1e30 && serviceChecks == 0)
        std::printf("  WARNING: the service checked no book against bookTicker\n");
}

// Reads `--runs N`, `--only WAY` and `--clock wall|cpu` from the front of the arguments; false
// on anything else.
bool readOptions(QStringList &arguments, Options &options)
{
    const QStringList ways = {QString(), QStringLiteral("bare"), QStringLiteral("parse"),
                              QStringLiteral("apply"), QStringLiteral("service")};
    while (!arguments.isEmpty() && arguments.first().startsWith(QLatin1String("--"))) {
        if (arguments.size() < 2)
            return false;
        const QString option = arguments.takeFirst();
        const QString value = arguments.takeFirst();
        bool ok = false;
        if (option == QLatin1String("--runs"))
            options.runs = value.toInt(&ok);
        else if (option == QLatin1String("--only"))
            options.only = value;
        else if (option == QLatin1String("--clock") && value == QLatin1String("cpu"))
            g_clock = CLOCK_THREAD_CPUTIME_ID;
        else if (option != QLatin1String("--clock") || value != QLatin1String("wall"))
            return false;
        if (option == QLatin1String("--runs") && (!ok || options.runs < 1))
            return false;
        if (!ways.contains(options.only))
            return false;
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // The service's snapshot fetcher is left idle on purpose (see serviceParseAndApply), which
    // it reports once per run.
    QLoggingCategory::setFilterRules(QStringLiteral("md.*.info=false\nmd.rest.critical=false"));
    QStringList arguments = app.arguments().mid(1);
    Options options;
    if (!readOptions(arguments, options)) {
        std::fprintf(stderr, "usage: bench_replay [--runs N] [--only bare|parse|apply|service] "
                             "[--clock wall|cpu] [FILE...]\n");
        return 1;
    }

    const QString data = QStringLiteral(MD_TEST_DATA_DIR "/binance/");
    QList<QStringList> sets;
    if (arguments.isEmpty()) {
        sets = {{data + QStringLiteral("hftbacktest/spot-btcusdt-20240808.gz"),
                 data + QStringLiteral("hftbacktest/spot-btcusdt-20240809.gz")},
                {data + QStringLiteral("hftbacktest/usdm-btcusdt-20240808.gz")},
                {data + QStringLiteral("cryptofeed/spot-2021-04-05-10symbols.txt")},
                {data + QStringLiteral("cryptofeed/usdm-2021-04-05-5symbols.txt")}};
    } else {
        for (const QString &file : arguments)
            sets.append(QStringList{file});
    }

    std::printf("one core, best of %d runs each, %s time\n", options.runs,
                g_clock == CLOCK_MONOTONIC ? "wall-clock" : "thread CPU");
    for (const QStringList &files : sets) {
        Recording recording;
        for (const QString &file : files) {
            recording.name += (recording.name.isEmpty() ? QString() : QStringLiteral(" + ")) +
                              file.section(QLatin1Char('/'), -1);
        }
        if (!load(files, recording))
            return 1;
        findBooks(recording);
        benchmark(recording, options);
    }
    return 0;
}
