#ifndef MD_APP_MONITOR_EXPORTCOMMAND_H
#define MD_APP_MONITOR_EXPORTCOMMAND_H

#include <QStringList>

namespace md {

class UnixSignals;

// `market-data-monitor export ...`: reads the command line, whose first argument is `export` (the
// service's --config, --symbols, --market, --ws-url, --rest-url, plus --format, --output,
// --depth and --timeout), runs OneShotExport on the event loop and answers the exit code.
int runExportCommand(const QStringList &arguments, UnixSignals &unixSignals);

} // namespace md

#endif // MD_APP_MONITOR_EXPORTCOMMAND_H
