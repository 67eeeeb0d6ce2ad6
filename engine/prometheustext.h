#ifndef MD_ENGINE_PROMETHEUSTEXT_H
#define MD_ENGINE_PROMETHEUSTEXT_H

#include <QByteArray>
#include <QByteArrayView>

#include <initializer_list>
#include <type_traits>
#include <utility>

namespace md {

// Writes metrics in Prometheus' text exposition format, version 0.0.4: a family's `# HELP`
// and `# TYPE` lines followed by its samples. Label values and help texts are escaped as the
// format requires; metric and label names are ours and must already be valid. A plain value
// used on one thread at a time.
class PrometheusText
{
public:
    enum class Type : quint8 { Counter, Gauge };
    using Label = std::pair<QByteArrayView, QByteArrayView>;
    using Labels = std::initializer_list<Label>;

    static constexpr QByteArrayView contentType = "text/plain; version=0.0.4; charset=utf-8";

    // Starts a family; its samples follow with the same name (plus a suffix, if any).
    void family(QByteArrayView name, Type type, QByteArrayView help);

    template<typename T>
    requires std::is_arithmetic_v<T>
    void sample(QByteArrayView name, T value, Labels labels = {})
    {
        if constexpr (std::is_integral_v<T> && std::is_signed_v<T>)
            writeSample(name, labels, QByteArray::number(qint64(value)));
        else if constexpr (std::is_integral_v<T>)
            writeSample(name, labels, QByteArray::number(quint64(value)));
        else
            writeSample(name, labels, formatDouble(double(value)));
    }

    // A family with a single unlabelled sample.
    template<typename T>
    void counter(QByteArrayView name, QByteArrayView help, T value)
    {
        family(name, Type::Counter, help);
        sample(name, value);
    }
    template<typename T>
    void gauge(QByteArrayView name, QByteArrayView help, T value)
    {
        family(name, Type::Gauge, help);
        sample(name, value);
    }

    const QByteArray &text() const { return m_text; }
    QByteArray take() { return std::exchange(m_text, QByteArray()); }

    static QByteArray escapeLabelValue(QByteArrayView value);
    static QByteArray escapeHelp(QByteArrayView help);
    // Shortest text that reads back as the same double; NaN and the infinities as the format
    // spells them.
    static QByteArray formatDouble(double value);

private:
    void writeSample(QByteArrayView name, Labels labels, const QByteArray &value);

    QByteArray m_text;
};

} // namespace md

#endif // MD_ENGINE_PROMETHEUSTEXT_H
