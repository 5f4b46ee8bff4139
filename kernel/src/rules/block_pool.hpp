#pragma once
// Small blocks for one Lua state: a free list per size class (multiples of 16 bytes up to 512),
// carved out of 64 KiB slabs taken from malloc and given back when the state closes. A decision
// allocates and frees a few hundred small strings and tables; through malloc, their frees next to
// the top of a large heap kept triggering malloc_consolidate, a third of an explained decision.
// Not thread-safe: one pool per state, and a state serves one thread at a time.
#include <cstddef>
#include <cstdlib>

namespace alin::rules {

class BlockPool {
 public:
  static constexpr std::size_t kGrain = 16;  // malloc's alignment, which Lua relies on
  static constexpr std::size_t kLargest = 512;

  BlockPool() = default;
  BlockPool(const BlockPool&) = delete;
  BlockPool& operator=(const BlockPool&) = delete;
  ~BlockPool() {
    while (slabs_) {
      Slab* next = slabs_->next;
      std::free(slabs_);
      slabs_ = next;
    }
  }

  static bool pooled(std::size_t size) { return size <= kLargest; }
  static std::size_t size_class(std::size_t size) { return (size - 1) / kGrain; }

  // A block of at least `size` (1..kLargest) bytes, or nullptr when malloc fails.
  void* take(std::size_t size) {
    const std::size_t c = size_class(size);
    if (Free* f = free_[c]) {
      free_[c] = f->next;
      // The next block of this class is often cold (freed by the last collection): fetch it now.
      __builtin_prefetch(f->next, 1);
      return f;
    }
    const std::size_t bytes = (c + 1) * kGrain;
    if (left_ < bytes && !refill()) return nullptr;
    void* block = cursor_;
    cursor_ += bytes;
    left_ -= bytes;
    return block;
  }

  // Gives back a block taken for `size` bytes (or any larger block: it serves that class).
  void give(void* block, std::size_t size) {
    const std::size_t c = size_class(size);
    auto* f = static_cast<Free*>(block);
    f->next = free_[c];
    free_[c] = f;
  }

 private:
  struct Free {
    Free* next;
  };
  struct alignas(kGrain) Slab {
    Slab* next;
  };
  static constexpr std::size_t kSlab = 64 * 1024;

  bool refill() {
    void* memory = std::malloc(kSlab);
    if (!memory) return false;
    auto* slab = static_cast<Slab*>(memory);
    slab->next = slabs_;
    slabs_ = slab;
    cursor_ = static_cast<char*>(memory) + sizeof(Slab);
    left_ = kSlab - sizeof(Slab);
    return true;
  }

  Free* free_[kLargest / kGrain] = {};
  Slab* slabs_ = nullptr;
  char* cursor_ = nullptr;
  std::size_t left_ = 0;
};

}  // namespace alin::rules
