#ifndef MD_APP_MONITOR_UNIXSIGNALS_H
#define MD_APP_MONITOR_UNIXSIGNALS_H

#include <QObject>

class QSocketNotifier;

namespace md {

// Turns SIGTERM, SIGINT and SIGHUP into Qt signals on the main thread, through a socket pair:
// a Unix signal handler may do almost nothing, but it may set a flag and write a byte. Signals
// that arrive together are reported once each, terminations before a reload. Also
// ignores SIGXFSZ for the rest of the process's life, so that a file size limit is a write error.
class UnixSignals : public QObject
{
    Q_OBJECT

public:
    explicit UnixSignals(QObject *parent = nullptr);
    ~UnixSignals() override;

Q_SIGNALS:
    void terminationRequested(int signalNumber);
    void reloadRequested();

private:
    void readSignal();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace md

#endif // MD_APP_MONITOR_UNIXSIGNALS_H
