// market-data-replay: plays Binance recordings, to check the engine against them (verify) or to
// stand in for Binance on loopback (serve).
#include "verifycommand.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

namespace {

constexpr int UsageError = 64;

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("market-data-replay"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MD_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "Plays recordings of Binance market data.\n\n"
            "verify FILE...  replay the files (merged by receive time) through the order-book\n"
            "                engine and check every book against Binance's bookTicker"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("verify"));
    parser.addPositionalArgument(QStringLiteral("files"), QStringLiteral("Recordings to play."),
                                 QStringLiteral("FILE..."));
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
