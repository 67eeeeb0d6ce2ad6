#include "notifysocket.h"

#include <QFile>

#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace md::test {

NotifySocket::NotifySocket(const QString &path)
    : m_path(path)
{
    const QByteArray encoded = QFile::encodeName(path);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (size_t(encoded.size()) >= sizeof(address.sun_path))
        return;
    std::memcpy(address.sun_path, encoded.constData(), size_t(encoded.size()));

    m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (m_fd >= 0 && ::bind(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0) {
        ::close(m_fd);
        m_fd = -1;
    }
}

NotifySocket::~NotifySocket()
{
    if (m_fd < 0)
        return;
    ::close(m_fd);
    QFile::remove(m_path);
}

QList<QByteArray> NotifySocket::take()
{
    QList<QByteArray> fresh;
    char buffer[4096];
    for (;;) {
        const ssize_t size = ::recv(m_fd, buffer, sizeof(buffer), MSG_DONTWAIT);
        if (size < 0)
            break;
        fresh.append(QByteArray(buffer, qsizetype(size)));
    }
    m_received += fresh;
    return fresh;
}

qsizetype NotifySocket::count(const QByteArray &line)
{
    take();
    qsizetype matches = 0;
    for (const QByteArray &datagram : std::as_const(m_received))
        matches += datagram.split('\n').contains(line) ? 1 : 0;
    return matches;
}

} // namespace md::test
