#include "messageparser.h"

#include "parserbackend.h"

namespace md {

namespace {

bool cpuHasAvx2Kernels()
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") &&
           __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("popcnt");
}

} // namespace

MessageParser::MessageParser()
    : m_backend(cpuHasAvx2Kernels() ? createAvx2ParserBackend(m_error)
                                    : createPortableParserBackend(m_error))
{
}

MessageParser::~MessageParser() = default;

bool MessageParser::parse(const char *data, size_t length, size_t capacity, ParsedMessage &out)
{
    m_error.clear();
    return m_backend->parse(data, length, capacity, out);
}

bool MessageParser::parse(std::string_view json, ParsedMessage &out)
{
    return parse(json.data(), json.size(), json.size(), out);
}

} // namespace md
