#pragma once
// The rows hanging from a housing request — household, wanted towns, employment, consent,
// documents — kept in memory by request id and the request's details_revision.
//
// Triggers move housing_requests.details_revision at every insert, update or delete of those rows
// (migrations 0015 and 0016), inside the writer's transaction. A read takes the revision with the
// request's own row, which it always reads, and reads the five tables only when the revision it
// holds has moved: the applicant's offers read a request at every listing and detail, and change
// it a few times a year. No write path has to remember the cache: a plugin's write or a
// hand-typed UPDATE moves the revision too.
//
// The revision is read before the rows: rows read under a revision are never older than it, so a
// reader that sees a kept revision gets rows at least as new as those it would read itself. Only
// reads (Database::read) fill it: a write transaction's rows may still roll back, and a later
// transaction would then commit other rows under the same revision.
#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "alin/requests/request_service.hpp"

namespace alin::requests {

struct RequestDetails {
  std::vector<Member> members;
  std::vector<std::string> wanted_communes;
  std::optional<Employment> employment;
  std::optional<int> consent_level;
  std::vector<Document> documents;
};

class RequestDetailsCache {
 public:
  // About 2 KB a request: 16,384 requests, some 32 MB, cover the applicants active at one time.
  static constexpr std::size_t kDefaultCapacity = 16384;
  explicit RequestDetailsCache(std::size_t capacity = kDefaultCapacity);

  // The rows kept for the request at exactly this revision, or null.
  std::shared_ptr<const RequestDetails> find(const std::string& request_id,
                                             long long revision) const;
  // Keeps rows read at `revision`, unless a newer revision of the request is kept already. Past
  // the capacity, the request kept longest ago goes first.
  void keep(const std::string& request_id, long long revision,
            std::shared_ptr<const RequestDetails> details);
  std::size_t size() const;

 private:
  struct Entry {
    long long revision = 0;
    std::shared_ptr<const RequestDetails> details;
  };
  std::size_t capacity_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::deque<std::string> kept_order_;  // each request once, oldest first
};

}  // namespace alin::requests
