#include "unixsignals.h"

#include <QSocketNotifier>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace md {

namespace {

int signalSockets[2] = {-1, -1};

constexpr int HandledSignals[] = {SIGTERM, SIGINT, SIGHUP};

// Which signals arrived since the main thread last looked: the handler only sets these and
// wakes it. Lock-free atomics are safe in a signal handler.
std::atomic<bool> pending[NSIG];
static_assert(std::atomic<bool>::is_always_lock_free);

void forwardSignal(int signalNumber)
{
    const int savedErrno = errno;
    pending[signalNumber].store(true);

    // Non-blocking: a storm of signals while the event loop is busy fills the socket after a
    // few hundred bytes, and a blocking write would then wait, inside the handler, for the very
    // thread it interrupted. A full socket already holds a wake-up, so nothing is lost.
    const char byte = char(signalNumber);
    [[maybe_unused]] const auto written = ::write(signalSockets[0], &byte, 1);
    errno = savedErrno;
}

bool makeNonBlocking(int descriptor)
{
    const int flags = ::fcntl(descriptor, F_GETFL);
    return flags >= 0 && ::fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) == 0;
}

} // namespace

UnixSignals::UnixSignals(QObject *parent)
    : QObject(parent)
{
    // A file size limit (ulimit -f, systemd's LimitFSIZE=) raises SIGXFSZ, whose default kills
    // the process mid-write without a word. Ignored, the write fails with EFBIG instead and
    // the recorder and the exports report it like a full disk.
    std::signal(SIGXFSZ, SIG_IGN);
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalSockets) != 0 ||
        !makeNonBlocking(signalSockets[0]) || !makeNonBlocking(signalSockets[1])) {
        return;
    }
    m_notifier = new QSocketNotifier(signalSockets[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &UnixSignals::readSignal);

    struct sigaction action = {};
    action.sa_handler = forwardSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (int signalNumber : HandledSignals)
        ::sigaction(signalNumber, &action, nullptr);
}

UnixSignals::~UnixSignals()
{
    for (int signalNumber : HandledSignals)
        std::signal(signalNumber, SIG_DFL);
}

// However many signals came since the last look, each is reported once, terminations before
// a reload: a storm of SIGHUPs reads the config once, not once per signal.
void UnixSignals::readSignal()
{
    char bytes[256];
    while (::read(signalSockets[1], bytes, sizeof bytes) > 0)
        continue;

    for (const int signalNumber : {SIGTERM, SIGINT}) {
        if (pending[signalNumber].exchange(false))
            Q_EMIT terminationRequested(signalNumber);
    }
    if (pending[SIGHUP].exchange(false))
        Q_EMIT reloadRequested();
}

} // namespace md
