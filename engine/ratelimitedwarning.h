#ifndef MD_ENGINE_RATELIMITEDWARNING_H
#define MD_ENGINE_RATELIMITEDWARNING_H

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QString>

namespace md {

// A warning that repeats at most once per interval, then says how many like it were held back:
// a failure that recurs every second stays visible without flooding the log. Plain value; used
// on one thread.
class RateLimitedWarning
{
public:
    RateLimitedWarning(const QLoggingCategory &category, qint64 intervalMs);

    void warn(const QString &message);

private:
    const QLoggingCategory &m_category;
    qint64 m_intervalMs;
    QElapsedTimer m_lastWarning;
    quint64 m_suppressed = 0;
};

} // namespace md

#endif // MD_ENGINE_RATELIMITEDWARNING_H
