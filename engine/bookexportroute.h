#ifndef MD_ENGINE_BOOKEXPORTROUTE_H
#define MD_ENGINE_BOOKEXPORTROUTE_H

#include "healthserver.h"

namespace md {

class MarketDataEngine;

// `GET /snapshot/<SYMBOL>?format=json|csv&depth=N` on the health server: one book as a file
// export would hold it. The symbol is matched without regard to case; depth 0 or none is the
// whole book. 200 with the document, 400 for a bad parameter, 404 for a symbol not followed,
// 409 while the book is not synced. Runs on the engine's thread.
HttpReply bookExportReply(const MarketDataEngine &engine, const HttpRequestInfo &request);

} // namespace md

#endif // MD_ENGINE_BOOKEXPORTROUTE_H
