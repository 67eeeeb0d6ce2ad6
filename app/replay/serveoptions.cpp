#include "serveoptions.h"

#include <QCommandLineParser>

namespace md {

namespace {

constexpr quint64 DefaultSnapshotErrorCount = 1;
constexpr double MinSpeed = 0.01;
constexpr double MaxSpeed = 1e6;

// A whole number in [minimum, maximum], or an error naming the flag.
std::optional<quint64> parseCount(const QCommandLineParser &parser, const QString &name,
                                  quint64 minimum, quint64 maximum, QString &error)
{
    bool ok = false;
    const QString text = parser.value(name);
    const quint64 value = text.toULongLong(&ok);
    if (!ok || value < minimum || value > maximum) {
        error = QStringLiteral("--%1 takes a whole number from %2 to %3, not \"%4\"")
                        .arg(name)
                        .arg(minimum)
                        .arg(maximum)
                        .arg(text);
        return std::nullopt;
    }
    return value;
}

bool parseSpeed(const QString &text, ServeOptions &options, QString &error)
{
    if (text == QLatin1String("max")) {
        options.maxSpeed = true;
        return true;
    }
    // Below a hundredth, the recorded times divided by the speed overflow the play clock.
    bool ok = false;
    options.speed = text.toDouble(&ok);
    if (!ok || !(options.speed >= MinSpeed && options.speed <= MaxSpeed)) {
        error = QStringLiteral("--speed takes a factor from %1 to %2 (1 is real time) or "
                               "\"max\", not \"%3\"")
                        .arg(MinSpeed)
                        .arg(MaxSpeed, 0, 'f', 0)
                        .arg(text);
        return false;
    }
    return true;
}

bool parseSkipDepth(const QString &text, ServeOptions &options, QString &error)
{
    for (const QString &item : text.split(QLatin1Char(','))) {
        bool ok = false;
        const uint index = item.trimmed().toUInt(&ok);
        if (!ok || index == 0) {
            error = QStringLiteral("--skip-depth takes comma-separated depth event numbers "
                                   "counted from 1, not \"%1\"")
                            .arg(text);
            return false;
        }
        options.skipDepth.append(index);
    }
    return true;
}

bool parseHost(const QString &text, ServeOptions &options, QString &error)
{
    if (text == QLatin1String("localhost")) {
        options.host = QHostAddress(QHostAddress::LocalHost);
        return true;
    }
    if (!options.host.setAddress(text)) {
        error = QStringLiteral("--host takes an IP address such as 127.0.0.1, not \"%1\"")
                        .arg(text);
        return false;
    }
    return true;
}

bool parseSnapshotError(const QCommandLineParser &parser, ServeOptions &options, QString &error)
{
    const QString status = parser.value(QStringLiteral("snapshot-error"));
    if (status != QLatin1String("429") && status != QLatin1String("418")) {
        error = QStringLiteral("--snapshot-error takes 429 (rate limited) or 418 (IP banned), "
                               "not \"%1\"")
                        .arg(status);
        return false;
    }
    options.snapshotErrorStatus = status.toInt();
    options.snapshotErrorCount = DefaultSnapshotErrorCount;
    if (parser.isSet(QStringLiteral("snapshot-error-count"))) {
        const auto count =
                parseCount(parser, QStringLiteral("snapshot-error-count"), 1, 1'000'000, error);
        if (!count)
            return false;
        options.snapshotErrorCount = *count;
    }
    if (parser.isSet(QStringLiteral("retry-after"))) {
        const auto seconds = parseCount(parser, QStringLiteral("retry-after"), 0, 86'400, error);
        if (!seconds)
            return false;
        options.retryAfterSeconds = int(*seconds);
    }
    return true;
}

} // namespace

void ServeOptions::addOptions(QCommandLineParser &parser)
{
    parser.addOptions({
            {QStringLiteral("port"), QStringLiteral("serve: port to listen on (0 picks one)."),
             QStringLiteral("N")},
            {QStringLiteral("host"), QStringLiteral("serve: address to listen on."),
             QStringLiteral("ADDRESS"), QStringLiteral("127.0.0.1")},
            {QStringLiteral("speed"),
             QStringLiteral("serve: playback speed, 1 = recorded pace, 10 = ten times faster, "
                            "max = as fast as clients read."),
             QStringLiteral("X|max"), QStringLiteral("1")},
            {QStringLiteral("drop-after"),
             QStringLiteral("serve: close each connection after it received N messages."),
             QStringLiteral("N")},
            {QStringLiteral("stall-after"),
             QStringLiteral("serve: stop sending to each connection after N messages, keeping "
                            "it open."),
             QStringLiteral("N")},
            {QStringLiteral("skip-depth"),
             QStringLiteral("serve: never send these depth events (1-based, per symbol, over "
                            "the played part): gaps."),
             QStringLiteral("LIST")},
            {QStringLiteral("snapshot-error"),
             QStringLiteral("serve: answer REST depth requests with this status (429 or 418)."),
             QStringLiteral("STATUS")},
            {QStringLiteral("snapshot-error-count"),
             QStringLiteral("serve: how many depth requests get --snapshot-error."),
             QStringLiteral("N"), QStringLiteral("1")},
            {QStringLiteral("retry-after"),
             QStringLiteral("serve: Retry-After seconds sent with --snapshot-error."),
             QStringLiteral("S"), QStringLiteral("60")},
            {QStringLiteral("ping-interval"),
             QStringLiteral("serve: seconds between WebSocket pings to each client."),
             QStringLiteral("S"), QStringLiteral("20")},
    });
}

QStringList ServeOptions::optionNames()
{
    return {QStringLiteral("port"),           QStringLiteral("host"),
            QStringLiteral("speed"),          QStringLiteral("drop-after"),
            QStringLiteral("stall-after"),    QStringLiteral("skip-depth"),
            QStringLiteral("snapshot-error"), QStringLiteral("snapshot-error-count"),
            QStringLiteral("retry-after"),    QStringLiteral("ping-interval")};
}

std::optional<ServeOptions> ServeOptions::fromParser(const QCommandLineParser &parser,
                                                     const QStringList &files, QString &error)
{
    ServeOptions options;
    options.files = files;
    if (files.isEmpty()) {
        error = QStringLiteral("serve needs at least one recording file");
        return std::nullopt;
    }
    if (!parser.isSet(QStringLiteral("port"))) {
        error = QStringLiteral("serve needs --port N");
        return std::nullopt;
    }
    const auto port = parseCount(parser, QStringLiteral("port"), 0, 65535, error);
    if (!port || !parseHost(parser.value(QStringLiteral("host")), options, error) ||
        !parseSpeed(parser.value(QStringLiteral("speed")), options, error)) {
        return std::nullopt;
    }
    options.port = quint16(*port);

    for (auto [name, target] : {std::pair(QStringLiteral("drop-after"), &options.dropAfter),
                                std::pair(QStringLiteral("stall-after"), &options.stallAfter)}) {
        if (!parser.isSet(name))
            continue;
        const auto count = parseCount(parser, name, 1, quint64(1) << 40, error);
        if (!count)
            return std::nullopt;
        *target = *count;
    }
    if (parser.isSet(QStringLiteral("skip-depth")) &&
        !parseSkipDepth(parser.value(QStringLiteral("skip-depth")), options, error)) {
        return std::nullopt;
    }

    if (parser.isSet(QStringLiteral("snapshot-error"))) {
        if (!parseSnapshotError(parser, options, error))
            return std::nullopt;
    } else if (parser.isSet(QStringLiteral("snapshot-error-count")) ||
               parser.isSet(QStringLiteral("retry-after"))) {
        error = QStringLiteral("--snapshot-error-count and --retry-after need --snapshot-error");
        return std::nullopt;
    }

    const auto ping = parseCount(parser, QStringLiteral("ping-interval"), 1, 3600, error);
    if (!ping)
        return std::nullopt;
    options.pingIntervalSeconds = int(*ping);
    return options;
}

} // namespace md
