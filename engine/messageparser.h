#ifndef MD_ENGINE_MESSAGEPARSER_H
#define MD_ENGINE_MESSAGEPARSER_H

#include "messages.h"

#include <memory>
#include <string>
#include <string_view>

namespace md {

class ParserBackend;

// Parses Binance market-data JSON (combined-stream envelopes, bare events and REST depth
// snapshots) with simdjson's on-demand API, converting prices and quantities straight from the
// raw bytes. At most ParserBackend::MaxLevelsPerSide levels a side are accepted. Lives on the
// thread that calls it; one instance per thread.
//
// Nothing in a message can make it crash or hang: every malformed input gives `false` and a
// reason in errorString().
class MessageParser
{
public:
    MessageParser();
    ~MessageParser();
    MessageParser(const MessageParser &) = delete;
    MessageParser &operator=(const MessageParser &) = delete;

    // `capacity` is how many bytes from `data` may be read; when it leaves simdjson's padding
    // the message is copied into an internal padded buffer first.
    bool parse(const char *data, size_t length, size_t capacity, ParsedMessage &out);
    bool parse(std::string_view json, ParsedMessage &out);

    const std::string &errorString() const { return m_error; }

private:
    std::string m_error;
    std::unique_ptr<ParserBackend> m_backend;
};

} // namespace md

#endif // MD_ENGINE_MESSAGEPARSER_H
