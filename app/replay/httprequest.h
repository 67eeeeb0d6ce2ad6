#ifndef MD_APP_REPLAY_HTTPREQUEST_H
#define MD_APP_REPLAY_HTTPREQUEST_H

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrlQuery>

#include <optional>
#include <utility>

namespace md {

// The head of one HTTP/1.x request, read by a deliberately small and strict parser: the replay
// server answers a handful of GET endpoints and hands WebSocket handshakes on, so anything
// unusual (folded headers, bodies, control characters, bare LF line ends) is refused rather than
// guessed at.
struct HttpRequest
{
    static constexpr qsizetype MaxHeadBytes = 8192;
    static constexpr qsizetype MaxHeaders = 64;

    QByteArray method;
    QByteArray target;  // as sent: path and query, still percent-encoded
    QByteArray version; // "HTTP/1.1" or "HTTP/1.0"
    QList<std::pair<QByteArray, QByteArray>> headers; // names lower-cased, values trimmed
    QString path;                                     // decoded, without the query
    QUrlQuery query;

    // The first value of a header, by lower-case name; null when absent.
    QByteArray header(QByteArrayView name) const;
    // Whether a comma-separated header lists `token`, compared without case.
    bool headerHasToken(QByteArrayView name, QByteArrayView token) const;
    bool isWebSocketUpgrade() const;
    bool keepsAlive() const;

    // Parses `head`, which ends with the blank line (CRLF CRLF). On failure `error` says why in
    // words fit for a 400 reply.
    static std::optional<HttpRequest> parse(QByteArrayView head, QString &error);
};

} // namespace md

#endif // MD_APP_REPLAY_HTTPREQUEST_H
