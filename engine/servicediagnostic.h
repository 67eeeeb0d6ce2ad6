#ifndef MD_ENGINE_SERVICEDIAGNOSTIC_H
#define MD_ENGINE_SERVICEDIAGNOSTIC_H

#include <QString>

namespace md {

class MarketDataEngine;
class RedisPublisher;

// The service's state in a few log lines, for the moment it gives up (the CPU circuit
// breaker): the engine's and Redis's counters, each feed connection's state and each book's.
// Reads the objects on their own thread.
QString serviceDiagnostic(const MarketDataEngine &engine, const RedisPublisher &redis);

} // namespace md

#endif // MD_ENGINE_SERVICEDIAGNOSTIC_H
