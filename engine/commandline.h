#ifndef MD_ENGINE_COMMANDLINE_H
#define MD_ENGINE_COMMANDLINE_H

#include <QString>

class QCommandLineParser;

namespace md {

struct Config;

enum class CommandLineUse : quint8 { Service, Export };

// Registers the service's options on parser: --config, --no-gui, --symbols, --market,
// --ws-url, --rest-url, --redis, --health-port, --record, --version and --help. For the export
// command, --no-gui, --redis, --health-port and --record are still read (to refuse them) but
// left out of --help.
void addCommandLineOptions(QCommandLineParser &parser,
                           CommandLineUse use = CommandLineUse::Service);

// Applies the overrides the user gave to config, checked as strictly as the file; the error
// names the flag. On failure config is left as it was. --config and --no-gui are the caller's.
bool applyOverrides(const QCommandLineParser &parser, Config &config, QString *error);

} // namespace md

#endif // MD_ENGINE_COMMANDLINE_H
