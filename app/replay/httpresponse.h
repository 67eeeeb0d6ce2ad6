#ifndef MD_APP_REPLAY_HTTPRESPONSE_H
#define MD_APP_REPLAY_HTTPRESPONSE_H

#include <QByteArray>
#include <QList>

#include <utility>

namespace md {

// One HTTP/1.1 response as the replay server writes it: JSON by default, with a Content-Length
// so that a connection can be kept alive.
struct HttpResponse
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json;charset=UTF-8");
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;

    static HttpResponse json(int status, QByteArray body);
    // Binance's error body: {"code":-1121,"msg":"Invalid symbol."}
    static HttpResponse binanceError(int status, int code, QByteArrayView message);

    QByteArray serialize(bool keepAlive) const;
};

} // namespace md

#endif // MD_APP_REPLAY_HTTPRESPONSE_H
