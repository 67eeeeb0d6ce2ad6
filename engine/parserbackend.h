#ifndef MD_ENGINE_PARSERBACKEND_H
#define MD_ENGINE_PARSERBACKEND_H

#include "messages.h"

#include <memory>
#include <string>

namespace md {

// One compiled copy of the simdjson parsing code; MessageParser picks the one the CPU runs best.
class ParserBackend
{
public:
    static constexpr size_t MaxLevelsPerSide = 10'000;
    static constexpr qint64 MaxId = qint64(1) << 62;

    virtual ~ParserBackend() = default;
    virtual bool parse(const char *data, size_t length, size_t capacity, ParsedMessage &out) = 0;
};

std::unique_ptr<ParserBackend> createAvx2ParserBackend(std::string &error);
std::unique_ptr<ParserBackend> createPortableParserBackend(std::string &error);

} // namespace md

#endif // MD_ENGINE_PARSERBACKEND_H
