#include "httprequest.h"

#include <QUrl>

#include <algorithm>

namespace md {

namespace {

constexpr qsizetype MaxMethodLength = 16;

// RFC 9110 token characters, the only ones allowed in a method or a header name.
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

// Visible ASCII only: a request target carries no spaces, controls or raw 8-bit bytes.
bool isVisibleAscii(QByteArrayView text)
{
    return std::all_of(text.begin(), text.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

// Header values may hold spaces, tabs and 8-bit bytes, but no other control characters.
bool isFieldValue(QByteArrayView text)
{
    return std::all_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte == '\t' || (byte >= 0x20 && byte != 0x7f);
    });
}

bool parseRequestLine(QByteArrayView line, HttpRequest &request, QString &error)
{
    const qsizetype first = line.indexOf(' ');
    const qsizetype last = line.lastIndexOf(' ');
    if (first <= 0 || last == first) {
        error = QStringLiteral("malformed request line");
        return false;
    }
    request.method = line.first(first).toByteArray();
    request.target = line.sliced(first + 1, last - first - 1).toByteArray();
    request.version = line.sliced(last + 1).toByteArray();

    if (!isToken(request.method) || request.method.size() > MaxMethodLength) {
        error = QStringLiteral("malformed method");
        return false;
    }
    if (!request.target.startsWith('/') || !isVisibleAscii(request.target)) {
        error = QStringLiteral("request target must be an absolute path");
        return false;
    }
    if (request.version != "HTTP/1.1" && request.version != "HTTP/1.0") {
        error = QStringLiteral("unsupported HTTP version");
        return false;
    }
    return true;
}

bool parseHeaderLine(QByteArrayView line, HttpRequest &request, QString &error)
{
    // A line starting with white space would continue the previous one (obsolete folding).
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || !isToken(line.first(colon))) {
        error = QStringLiteral("malformed header line");
        return false;
    }
    const QByteArrayView value = line.sliced(colon + 1).trimmed();
    if (!isFieldValue(value)) {
        error = QStringLiteral("control character in a header value");
        return false;
    }
    if (request.headers.size() >= HttpRequest::MaxHeaders) {
        error = QStringLiteral("too many header lines");
        return false;
    }
    request.headers.append({line.first(colon).toByteArray().toLower(), value.toByteArray()});
    return true;
}

} // namespace

QByteArray HttpRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key == name)
            return value;
    }
    return {};
}

bool HttpRequest::headerHasToken(QByteArrayView name, QByteArrayView token) const
{
    for (const auto &[key, value] : headers) {
        if (key != name)
            continue;
        for (const QByteArray &item : value.split(',')) {
            if (item.trimmed().compare(token, Qt::CaseInsensitive) == 0)
                return true;
        }
    }
    return false;
}

bool HttpRequest::isWebSocketUpgrade() const
{
    return headerHasToken("upgrade", "websocket") && headerHasToken("connection", "upgrade");
}

bool HttpRequest::keepsAlive() const
{
    if (version == "HTTP/1.0")
        return headerHasToken("connection", "keep-alive");
    return !headerHasToken("connection", "close");
}

std::optional<HttpRequest> HttpRequest::parse(QByteArrayView head, QString &error)
{
    if (head.size() > MaxHeadBytes || !head.endsWith("\r\n\r\n")) {
        error = QStringLiteral("request head too large or unterminated");
        return std::nullopt;
    }

    // Lines end in CRLF; a bare LF or CR inside a line is refused, not taken as a line end.
    HttpRequest request;
    QByteArrayView rest = head.first(head.size() - 2);
    bool firstLine = true;
    while (!rest.isEmpty()) {
        const qsizetype end = rest.indexOf("\r\n");
        const QByteArrayView line = rest.first(end);
        rest = rest.sliced(end + 2);
        if (line.contains('\n') || line.contains('\r')) {
            error = QStringLiteral("bare CR or LF in the request head");
            return std::nullopt;
        }
        const bool ok = firstLine ? parseRequestLine(line, request, error)
                                  : parseHeaderLine(line, request, error);
        if (!ok)
            return std::nullopt;
        firstLine = false;
    }

    // HTTP/1.1 makes Host mandatory (RFC 9112, section 3.2).
    if (request.version == "HTTP/1.1" && request.header("host").isNull()) {
        error = QStringLiteral("HTTP/1.1 request without Host");
        return std::nullopt;
    }

    const qsizetype question = request.target.indexOf('?');
    const QByteArray encodedPath =
            request.target.first(question < 0 ? request.target.size() : question);
    request.path = QUrl::fromPercentEncoding(encodedPath);
    if (question >= 0)
        request.query.setQuery(QString::fromLatin1(request.target.sliced(question + 1)));
    return request;
}

} // namespace md
