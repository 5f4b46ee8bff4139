#include "alin/requests/request_details_cache.hpp"

#include <mutex>

namespace alin::requests {

RequestDetailsCache::RequestDetailsCache(std::size_t capacity)
    : capacity_(capacity > 0 ? capacity : 1) {}

std::shared_ptr<const RequestDetails> RequestDetailsCache::find(const std::string& request_id,
                                                                long long revision) const {
  std::shared_lock lock(mutex_);
  const auto found = entries_.find(request_id);
  if (found == entries_.end() || found->second.revision != revision) return nullptr;
  return found->second.details;
}

void RequestDetailsCache::keep(const std::string& request_id, long long revision,
                               std::shared_ptr<const RequestDetails> details) {
  std::unique_lock lock(mutex_);
  const auto found = entries_.find(request_id);
  if (found != entries_.end()) {
    // Two readers may race: the one that read an older revision must not replace the newer.
    if (found->second.revision <= revision) found->second = {revision, std::move(details)};
    return;
  }
  while (entries_.size() >= capacity_) {
    entries_.erase(kept_order_.front());
    kept_order_.pop_front();
  }
  entries_.emplace(request_id, Entry{revision, std::move(details)});
  kept_order_.push_back(request_id);
}

std::size_t RequestDetailsCache::size() const {
  std::shared_lock lock(mutex_);
  return entries_.size();
}

}  // namespace alin::requests
