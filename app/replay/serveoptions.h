#ifndef MD_APP_REPLAY_SERVEOPTIONS_H
#define MD_APP_REPLAY_SERVEOPTIONS_H

#include <QHostAddress>
#include <QList>
#include <QStringList>

#include <optional>

class QCommandLineParser;

namespace md {

// The command line of `market-data-replay serve`, checked: every flag's value is validated here
// so that a bad flag stops the program before anything is loaded or bound.
struct ServeOptions
{
    QStringList files;
    QHostAddress host = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0;
    double speed = 1.0;          // recorded time divided by this; ignored when maxSpeed
    bool maxSpeed = false;       // as fast as the clients drain
    quint64 dropAfter = 0;       // close each connection after this many messages; 0 never
    quint64 stallAfter = 0;      // stop sending to each connection after this many; 0 never
    QList<quint32> skipDepth;    // 1-based depth event indexes, per symbol, never sent
    int snapshotErrorStatus = 0; // 429 or 418 for the first snapshotErrorCount depth requests
    quint64 snapshotErrorCount = 0;
    int retryAfterSeconds = 60;
    int pingIntervalSeconds = 20; // Binance's spot interval

    static void addOptions(QCommandLineParser &parser);
    // The names of the options that only `serve` takes.
    static QStringList optionNames();
    static std::optional<ServeOptions> fromParser(const QCommandLineParser &parser,
                                                  const QStringList &files, QString &error);
};

} // namespace md

#endif // MD_APP_REPLAY_SERVEOPTIONS_H
