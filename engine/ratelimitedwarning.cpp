#include "ratelimitedwarning.h"

#include <utility>

namespace md {

RateLimitedWarning::RateLimitedWarning(const QLoggingCategory &category, qint64 intervalMs)
    : m_category(category)
    , m_intervalMs(intervalMs)
{
}

void RateLimitedWarning::warn(const QString &message)
{
    if (m_lastWarning.isValid() && m_lastWarning.elapsed() < m_intervalMs) {
        ++m_suppressed;
        return;
    }
    m_lastWarning.start();
    const quint64 suppressed = std::exchange(m_suppressed, 0);
    const QString note =
            suppressed == 0 ? QString()
                            : QStringLiteral(" (%1 similar warnings suppressed)").arg(suppressed);
    qCWarning(m_category).noquote() << message + note;
}

} // namespace md
