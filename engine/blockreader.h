#ifndef MD_ENGINE_BLOCKREADER_H
#define MD_ENGINE_BLOCKREADER_H

#include <QString>

#include <array>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace md {

class BlockSource;

// Reads a file on a background thread, gunzipping or unzstding it when its first bytes say so,
// and hands the plain bytes to the consumer in blocks through a small bounded queue. The
// decompression runs ahead of the consumer, which waits only when it is faster than inflate.
// The object lives on the consumer's thread; destroying it stops the background thread within
// one block.
class BlockReader
{
public:
    enum class Compression : quint8 {
        None,
        Gzip,
        Zstd,
    };

    struct Block
    {
        const char *data = nullptr;
        size_t size = 0;
        size_t capacity = 0; // readable bytes from data, at least size + Padding
    };

    static constexpr size_t BlockSize = 1024 * 1024;
    static constexpr size_t BlockCount = 4;
    static constexpr size_t Padding = 64;

    BlockReader();
    ~BlockReader();
    BlockReader(const BlockReader &) = delete;
    BlockReader &operator=(const BlockReader &) = delete;

    // Opens the file, detects its compression and starts the background thread.
    bool open(const QString &path);
    void close();

    // Waits for the next block; false at the end of the file or on error. The block stays
    // valid until the next call. Every block but the last is full.
    bool next(Block &block);

    Compression compression() const { return m_compression; }
    bool hasError() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    // True when the error is a compressed stream that stops early, as a writer that crashed
    // leaves it; everything before the cut was delivered.
    bool isCut() const { return m_cut; }

private:
    void run();

    std::unique_ptr<BlockSource> m_source;
    std::thread m_thread;
    Compression m_compression = Compression::None;
    QString m_error; // consumer's copy, taken once every block has been handed out
    bool m_cut = false;

    // Shared with the background thread, guarded by m_mutex. Blocks are used in turn: the
    // producer fills block m_produced % BlockCount once the consumer has released it.
    std::mutex m_mutex;
    std::condition_variable m_blockReady;
    std::condition_variable m_blockFree;
    std::array<std::unique_ptr<char[]>, BlockCount> m_blocks;
    std::array<size_t, BlockCount> m_blockSizes{};
    quint64 m_produced = 0;
    quint64 m_taken = 0;
    quint64 m_released = 0;
    bool m_producerDone = false;
    bool m_stopRequested = false;
    QString m_producerError;
    bool m_producerCut = false;
};

} // namespace md

#endif // MD_ENGINE_BLOCKREADER_H
