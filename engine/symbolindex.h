#ifndef MD_ENGINE_SYMBOLINDEX_H
#define MD_ENGINE_SYMBOLINDEX_H

#include <QtGlobal>

#include <string>
#include <string_view>
#include <vector>

namespace md {

// A symbol's name as two words and its length, compared and hashed as integers. The words hold
// every byte of a name of up to 16 bytes (Binance's symbols are 5 to 12), so for those equal
// keys are equal names; a longer name keeps its first 16 bytes and needs a compare of the rest.
class SymbolKey
{
public:
    explicit SymbolKey(std::string_view name);

    bool operator==(const SymbolKey &) const = default;

    bool holdsWholeName() const { return m_size <= sizeof m_words; }
    size_t hash() const;

private:
    quint64 m_words[2] = {};
    quint64 m_size = 0;
};

// Finds what belongs to a symbol from the bytes of its name, on the path of every message:
// QHash's seeded hash of a QByteArray took about 115 ns a lookup on the build machine, a fifth
// of what the service spent on a message. Open addressing over a table at most half full;
// inserts and removals (start and reload) rebuild it. Holds pointers it does not own.
template<typename Value>
class SymbolIndex
{
public:
    // Adds name, or points it at value if it is already there.
    void insert(std::string_view name, Value *value)
    {
        for (Entry &entry : m_entries) {
            if (entry.name == name) {
                entry.value = value;
                return;
            }
        }
        m_entries.push_back(Entry{SymbolKey(name), std::string(name), value});
        rebuild();
    }

    void remove(std::string_view name)
    {
        std::erase_if(m_entries, [name](const Entry &entry) { return entry.name == name; });
        rebuild();
    }

    Value *find(std::string_view name) const
    {
        if (m_slots.empty())
            return nullptr;
        const SymbolKey key(name);
        for (size_t slot = key.hash() & m_mask;; slot = (slot + 1) & m_mask) {
            const int index = m_slots[slot];
            if (index < 0)
                return nullptr;
            const Entry &entry = m_entries[size_t(index)];
            if (entry.key == key && (key.holdsWholeName() || entry.name == name))
                return entry.value;
        }
    }

    bool contains(std::string_view name) const { return find(name) != nullptr; }
    size_t size() const { return m_entries.size(); }

private:
    struct Entry
    {
        SymbolKey key;
        std::string name;
        Value *value = nullptr;
    };

    void rebuild()
    {
        size_t slots = 8;
        while (slots < 2 * m_entries.size())
            slots *= 2;
        m_mask = slots - 1;
        m_slots.assign(slots, -1);
        for (size_t index = 0; index < m_entries.size(); ++index) {
            size_t slot = m_entries[index].key.hash() & m_mask;
            while (m_slots[slot] >= 0)
                slot = (slot + 1) & m_mask;
            m_slots[slot] = int(index);
        }
    }

    std::vector<Entry> m_entries;
    std::vector<int> m_slots; // indexes into m_entries, -1 for a free slot
    size_t m_mask = 0;
};

} // namespace md

#endif // MD_ENGINE_SYMBOLINDEX_H
