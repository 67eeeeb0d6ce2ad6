#include "prometheustext.h"

#include <charconv>
#include <cmath>

namespace md {

namespace {

// [a-zA-Z_:][a-zA-Z0-9_:]* for metric names; label names may not use ':'.
[[maybe_unused]] bool isValidName(QByteArrayView name, bool allowColon)
{
    if (name.isEmpty())
        return false;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const char c = name[i];
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        const bool digit = c >= '0' && c <= '9';
        if (!letter && !(digit && i > 0) && !(allowColon && c == ':'))
            return false;
    }
    return true;
}

} // namespace

void PrometheusText::family(QByteArrayView name, Type type, QByteArrayView help)
{
    Q_ASSERT(isValidName(name, true));
    m_text += "# HELP ";
    m_text += name;
    m_text += ' ';
    m_text += escapeHelp(help);
    m_text += "\n# TYPE ";
    m_text += name;
    m_text += type == Type::Counter ? " counter\n" : " gauge\n";
}

void PrometheusText::writeSample(QByteArrayView name, Labels labels, const QByteArray &value)
{
    Q_ASSERT(isValidName(name, true));
    m_text += name;
    if (labels.size() > 0) {
        char separator = '{';
        for (const Label &label : labels) {
            Q_ASSERT(isValidName(label.first, false));
            m_text += separator;
            m_text += label.first;
            m_text += "=\"";
            m_text += escapeLabelValue(label.second);
            m_text += '"';
            separator = ',';
        }
        m_text += '}';
    }
    m_text += ' ';
    m_text += value;
    m_text += '\n';
}

QByteArray PrometheusText::escapeLabelValue(QByteArrayView value)
{
    // The format escapes exactly these three in label values.
    QByteArray escaped;
    escaped.reserve(value.size());
    for (const char c : value) {
        if (c == '\\')
            escaped += "\\\\";
        else if (c == '"')
            escaped += "\\\"";
        else if (c == '\n')
            escaped += "\\n";
        else
            escaped += c;
    }
    return escaped;
}

QByteArray PrometheusText::escapeHelp(QByteArrayView help)
{
    // Help text escapes backslash and line feed, but not the double quote.
    QByteArray escaped;
    escaped.reserve(help.size());
    for (const char c : help) {
        if (c == '\\')
            escaped += "\\\\";
        else if (c == '\n')
            escaped += "\\n";
        else
            escaped += c;
    }
    return escaped;
}

QByteArray PrometheusText::formatDouble(double value)
{
    if (std::isnan(value))
        return QByteArrayLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QByteArrayLiteral("+Inf") : QByteArrayLiteral("-Inf");

    char buffer[32];
    const auto [end, status] = std::to_chars(buffer, buffer + sizeof buffer, value);
    Q_ASSERT(status == std::errc());
    return QByteArray(buffer, end - buffer);
}

} // namespace md
