#include "blockreader.h"

#include <QFile>

#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>

namespace md {

namespace {

constexpr size_t InputSize = 256 * 1024;
constexpr unsigned char GzipMagic[] = {0x1f, 0x8b};
constexpr unsigned char ZstdMagic[] = {0x28, 0xb5, 0x2f, 0xfd};
constexpr int GzipOrZlibWindowBits = 15 + 32; // inflate detects the gzip or zlib header itself

template<size_t N>
bool startsWith(const char *data, size_t size, const unsigned char (&magic)[N])
{
    return size >= N && std::memcmp(data, magic, N) == 0;
}

} // namespace

// The file and the decompressor state. Created on the consumer's thread, then used only by the
// background thread until it has been joined.
class BlockSource
{
public:
    enum class Result : quint8 {
        More,  // the block is full and more may follow
        End,   // the last bytes of the file are in the block
        Error, // the block holds what was decoded before the error
    };

    explicit BlockSource(const QString &path);
    ~BlockSource();

    bool start(QString &error);
    Result fill(char *out, size_t capacity, size_t &written);

    BlockReader::Compression compression() const { return m_compression; }
    QString errorString() const { return m_error; }
    bool isCut() const { return m_cut; }

private:
    bool readInput();
    Result fillPlain(char *out, size_t capacity, size_t &written);
    Result fillGzip(char *out, size_t capacity, size_t &written);
    Result fillZstd(char *out, size_t capacity, size_t &written);
    Result fail(const QString &reason);

    QFile m_file;
    BlockReader::Compression m_compression = BlockReader::Compression::None;
    std::unique_ptr<char[]> m_input = std::make_unique<char[]>(InputSize);
    size_t m_inputSize = 0;
    size_t m_inputPos = 0;
    bool m_inputEof = false;
    z_stream m_zlib{};
    bool m_zlibReady = false;
    bool m_inGzipMember = false;
    ZSTD_DCtx *m_zstd = nullptr;
    bool m_inZstdFrame = false;
    QString m_error;
    bool m_cut = false; // the error is a stream that ends early
};

BlockSource::BlockSource(const QString &path)
    : m_file(path)
{
}

BlockSource::~BlockSource()
{
    if (m_zlibReady)
        inflateEnd(&m_zlib);
    ZSTD_freeDCtx(m_zstd);
}

// Opens the file and reads its first bytes to tell gzip and zstd from plain text.
bool BlockSource::start(QString &error)
{
    if (!m_file.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        error = QStringLiteral("cannot open: %1").arg(m_file.errorString());
        return false;
    }
    if (!readInput()) {
        error = m_error;
        return false;
    }

    if (startsWith(m_input.get(), m_inputSize, GzipMagic)) {
        m_compression = BlockReader::Compression::Gzip;
        m_zlibReady = inflateInit2(&m_zlib, GzipOrZlibWindowBits) == Z_OK;
        m_zlib.next_in = reinterpret_cast<Bytef *>(m_input.get());
        m_zlib.avail_in = uInt(m_inputSize);
    } else if (startsWith(m_input.get(), m_inputSize, ZstdMagic)) {
        m_compression = BlockReader::Compression::Zstd;
        m_zstd = ZSTD_createDCtx();
    }
    if ((m_compression == BlockReader::Compression::Gzip && !m_zlibReady) ||
        (m_compression == BlockReader::Compression::Zstd && !m_zstd)) {
        error = QStringLiteral("cannot set up the decompressor");
        return false;
    }
    return true;
}

BlockSource::Result BlockSource::fill(char *out, size_t capacity, size_t &written)
{
    written = 0;
    switch (m_compression) {
    case BlockReader::Compression::None:
        return fillPlain(out, capacity, written);
    case BlockReader::Compression::Gzip:
        return fillGzip(out, capacity, written);
    case BlockReader::Compression::Zstd:
        return fillZstd(out, capacity, written);
    }
    return fail(QStringLiteral("unknown compression"));
}

// Refills the input buffer once all of it has been used; at the end of the file it stays empty.
bool BlockSource::readInput()
{
    const qint64 size = m_file.read(m_input.get(), qint64(InputSize));
    if (size < 0) {
        fail(QStringLiteral("read error: %1").arg(m_file.errorString()));
        return false;
    }
    m_inputSize = size_t(size);
    m_inputPos = 0;
    m_inputEof = size == 0;
    return true;
}

BlockSource::Result BlockSource::fillPlain(char *out, size_t capacity, size_t &written)
{
    const size_t buffered = std::min(capacity, m_inputSize - m_inputPos);
    std::memcpy(out, m_input.get() + m_inputPos, buffered);
    m_inputPos += buffered;
    written = buffered;

    while (written < capacity) {
        const qint64 size = m_file.read(out + written, qint64(capacity - written));
        if (size < 0)
            return fail(QStringLiteral("read error: %1").arg(m_file.errorString()));
        if (size == 0)
            return Result::End;
        written += size_t(size);
    }
    return Result::More;
}

// gzip files may hold several members one after the other (`cat a.gz b.gz`); each is inflated
// in turn, and the file must end between two members.
BlockSource::Result BlockSource::fillGzip(char *out, size_t capacity, size_t &written)
{
    m_zlib.next_out = reinterpret_cast<Bytef *>(out);
    m_zlib.avail_out = uInt(capacity);

    while (m_zlib.avail_out > 0) {
        if (m_zlib.avail_in == 0) {
            if (!readInput()) {
                written = capacity - m_zlib.avail_out;
                return Result::Error;
            }
            m_zlib.next_in = reinterpret_cast<Bytef *>(m_input.get());
            m_zlib.avail_in = uInt(m_inputSize);
            if (m_inputEof) {
                written = capacity - m_zlib.avail_out;
                if (m_inGzipMember) {
                    m_cut = true;
                    return fail(QStringLiteral("truncated gzip data: the file ends mid-stream"));
                }
                return Result::End;
            }
        }

        m_inGzipMember = true;
        const int status = inflate(&m_zlib, Z_NO_FLUSH);
        if (status == Z_STREAM_END) {
            m_inGzipMember = false;
            inflateReset(&m_zlib);
        } else if (status != Z_OK && status != Z_BUF_ERROR) {
            written = capacity - m_zlib.avail_out;
            return fail(QStringLiteral("corrupt gzip data: %1")
                                .arg(QString::fromUtf8(m_zlib.msg ? m_zlib.msg : "unknown")));
        }
    }
    written = capacity;
    return Result::More;
}

BlockSource::Result BlockSource::fillZstd(char *out, size_t capacity, size_t &written)
{
    ZSTD_outBuffer output{out, capacity, 0};

    while (output.pos < output.size) {
        if (m_inputPos == m_inputSize) {
            if (!m_inputEof && !readInput()) {
                written = output.pos;
                return Result::Error;
            }
            if (m_inputEof && !m_inZstdFrame) {
                written = output.pos;
                return Result::End;
            }
        }

        // ZSTD_decompressStream answers 0 once a frame is complete and fully flushed.
        ZSTD_inBuffer input{m_input.get(), m_inputSize, m_inputPos};
        const size_t before = output.pos;
        const size_t status = ZSTD_decompressStream(m_zstd, &output, &input);
        m_inputPos = input.pos;
        if (ZSTD_isError(status)) {
            written = output.pos;
            return fail(QStringLiteral("corrupt zstd data: %1")
                                .arg(QString::fromUtf8(ZSTD_getErrorName(status))));
        }
        m_inZstdFrame = status != 0;
        if (m_inputEof && m_inZstdFrame && output.pos == before) {
            written = output.pos;
            m_cut = true;
            return fail(QStringLiteral("truncated zstd data: the file ends mid-frame"));
        }
    }
    written = capacity;
    return Result::More;
}

BlockSource::Result BlockSource::fail(const QString &reason)
{
    m_error = reason;
    return Result::Error;
}

BlockReader::BlockReader() = default;

BlockReader::~BlockReader()
{
    close();
}

bool BlockReader::open(const QString &path)
{
    close();
    m_error.clear();
    m_cut = false;

    auto source = std::make_unique<BlockSource>(path);
    if (!source->start(m_error))
        return false;
    m_compression = source->compression();
    m_source = std::move(source);

    for (auto &block : m_blocks) {
        if (!block)
            block = std::make_unique<char[]>(BlockSize + Padding);
    }
    m_produced = 0;
    m_taken = 0;
    m_released = 0;
    m_producerDone = false;
    m_stopRequested = false;
    m_producerError.clear();
    m_producerCut = false;
    m_thread = std::thread(&BlockReader::run, this);
    return true;
}

void BlockReader::close()
{
    if (m_thread.joinable()) {
        {
            std::lock_guard lock(m_mutex);
            m_stopRequested = true;
        }
        m_blockFree.notify_all();
        m_thread.join();
    }
    m_source.reset();
    m_producerDone = true;
}

bool BlockReader::next(Block &block)
{
    std::unique_lock lock(m_mutex);
    if (m_taken > m_released) {
        ++m_released;
        m_blockFree.notify_one();
    }

    m_blockReady.wait(lock, [this] { return m_produced > m_taken || m_producerDone; });
    if (m_produced == m_taken) {
        m_error = m_producerError;
        m_cut = m_producerCut;
        return false;
    }

    const size_t slot = m_taken % BlockCount;
    block = {m_blocks[slot].get(), m_blockSizes[slot], BlockSize + Padding};
    ++m_taken;
    return true;
}

// The background thread: fills free blocks in turn until the file ends, fails or the consumer
// asks it to stop.
void BlockReader::run()
{
    for (;;) {
        size_t slot = 0;
        {
            std::unique_lock lock(m_mutex);
            m_blockFree.wait(lock, [this] {
                return m_stopRequested || m_produced - m_released < BlockCount;
            });
            if (m_stopRequested)
                return;
            slot = m_produced % BlockCount;
        }

        size_t written = 0;
        const BlockSource::Result result = m_source->fill(m_blocks[slot].get(), BlockSize, written);
        {
            std::lock_guard lock(m_mutex);
            if (written > 0) {
                m_blockSizes[slot] = written;
                ++m_produced;
            }
            if (result != BlockSource::Result::More) {
                m_producerDone = true;
                m_producerError = m_source->errorString();
                m_producerCut = m_source->isCut();
            }
        }
        m_blockReady.notify_one();
        if (result != BlockSource::Result::More)
            return;
    }
}

} // namespace md
