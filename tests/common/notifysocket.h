#ifndef MD_TESTS_COMMON_NOTIFYSOCKET_H
#define MD_TESTS_COMMON_NOTIFYSOCKET_H

#include <QByteArray>
#include <QList>
#include <QString>

namespace md::test {

// What systemd listens on for sd_notify: a Unix datagram socket bound to a path, here read
// without blocking so that a test can poll it from its event loop.
class NotifySocket
{
public:
    explicit NotifySocket(const QString &path);
    ~NotifySocket();
    NotifySocket(const NotifySocket &) = delete;
    NotifySocket &operator=(const NotifySocket &) = delete;

    bool isBound() const { return m_fd >= 0; }
    QString path() const { return m_path; }

    // Datagrams that arrived since the last call, oldest first; each is one notification.
    QList<QByteArray> take();
    // Every datagram received so far, including those already taken.
    const QList<QByteArray> &received() const { return m_received; }
    // How many received datagrams hold the line (for example "READY=1").
    qsizetype count(const QByteArray &line);

private:
    int m_fd = -1;
    QString m_path;
    QList<QByteArray> m_received;
};

} // namespace md::test

#endif // MD_TESTS_COMMON_NOTIFYSOCKET_H
