// market-data-replay: plays Binance recordings, to check the engine against them (verify) or to
// stand in for Binance on loopback (serve).
#include "servecommand.h"
#include "serveoptions.h"
#include "verifycommand.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <cstdio>

namespace {

constexpr int UsageError = 64;

} // namespace

int main(int argc, char *argv[])
{
    qSetMessagePattern(QStringLiteral("%{time yyyy-MM-ddThh:mm:ss.zzz} %{if-debug}debug%{endif}"
                                      "%{if-info}info%{endif}%{if-warning}warning%{endif}"
                                      "%{if-critical}critical%{endif} %{category}: %{message}"));
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("market-data-replay"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MD_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "Plays recordings of Binance market data.\n\n"
            "verify FILE...  replay the files (merged by receive time) through the order-book\n"
            "                engine and check every book against Binance's bookTicker\n"
            "serve FILE... --port N [--host 127.0.0.1] [--speed X|max]\n"
            "                play the files to Binance clients: WebSocket /ws/<stream> and\n"
            "                /stream?streams=a/b (also under /public and /market), REST\n"
            "                /api/v3/depth and /fapi/v1/depth from a book kept at the playback\n"
            "                position, and /replay/status, all on one port. Playback starts when\n"
            "                the first WebSocket client connects."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("verify or serve"));
    parser.addPositionalArgument(QStringLiteral("files"), QStringLiteral("Recordings to play."),
                                 QStringLiteral("FILE..."));
    md::ServeOptions::addOptions(parser);
    parser.process(app);

    QTextStream out(stdout);
    QTextStream err(stderr);
    const QStringList arguments = parser.positionalArguments();
    if (arguments.isEmpty()) {
        err << parser.helpText();
        return UsageError;
    }

    const QString command = arguments.first();
    const QStringList files = arguments.mid(1);
    if (command == QLatin1String("serve")) {
        QString error;
        const std::optional<md::ServeOptions> options =
                md::ServeOptions::fromParser(parser, files, error);
        if (!options) {
            err << "error: " << error << '\n';
            return UsageError;
        }
        // Per-message debug lines stay off unless QT_LOGGING_RULES turns them on. So do the
        // info lines of the books the server keeps to answer snapshot requests: beside the
        // service's own "synced" lines they read as if the service had synced already.
        QLoggingCategory::setFilterRules(QStringLiteral("md.*.debug=false\nmd.book.info=false"));
        return md::runServe(*options, err);
    }

    for (const QString &option : md::ServeOptions::optionNames()) {
        if (parser.isSet(option)) {
            err << "--" << option << " applies to serve only\n";
            return UsageError;
        }
    }
    if (command == QLatin1String("verify")) {
        if (files.isEmpty()) {
            err << "verify needs at least one recording file\n";
            return UsageError;
        }
        return md::runVerify(files, out, err);
    }

    err << "unknown command: " << command << '\n';
    return UsageError;
}
