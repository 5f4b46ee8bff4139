#include "alin/offers/applicant_offers.hpp"

#include <Poco/Logger.h>
#include <sodium.h>

#include <algorithm>
#include <future>
#include <set>
#include <unordered_map>

#include "alin/applications/position.hpp"
#include "alin/requests/active_request.hpp"
#include "alin/requests/employer_facts.hpp"
#include "alin/util/json_text.hpp"

namespace alin::offers {
namespace {

std::string today_of(const Clock& clock) {
  return format_utc(clock.now()).substr(0, 10);
}

rules::Date as_of(const std::string& today) {
  return rules::parse_date(today).value();
}

// The listings' order: what must be decided soonest first.
bool soonest_deadline_first(const Offer& a, const Offer& b) {
  return a.deadline != b.deadline ? a.deadline < b.deadline : a.id < b.id;
}

template <typename Facts>
bool passes_filters(const Facts& o, const OfferQuery& q) {
  if (q.rooms && o.typology != *q.rooms) return false;
  if (!q.housing.empty() && o.house != (q.housing == "house")) return false;
  if (q.reduced_mobility && o.reduced_mobility != *q.reduced_mobility) return false;
  if (q.min_rent && o.total_rent < *q.min_rent) return false;
  if (q.max_rent && o.total_rent > *q.max_rent) return false;
  return true;
}

}  // namespace

nlohmann::json rules_offer(const Offer& o) {
  nlohmann::json out = {{"id", o.id},
                        {"programme", o.programme},
                        {"kind", o.kind},
                        {"financing", o.financing},
                        {"typology", o.typology},
                        {"rent", o.rent},
                        {"charges", o.charges},
                        {"commune", o.commune}};
  if (!o.pli_zone.empty()) out["pliZone"] = o.pli_zone;
  return out;
}

ApplicantOffers::ApplicantOffers(store::Database& database, const Clock& clock,
                                 const rules::RuleEngine& rules,
                                 std::shared_ptr<const geo::Geography> geography,
                                 const OfferService& offers, const plugins::PluginRegistry* plugins,
                                 UnixSeconds max_age, UnixSeconds households_max_age)
    : database_(database),
      plugins_(plugins),
      clock_(clock),
      rules_(rules),
      geography_(std::move(geography)),
      offers_(offers),
      max_age_(max_age),
      households_max_age_(households_max_age) {}

ApplicantOffers::~ApplicantOffers() {
  std::vector<std::future<void>> pending;
  {
    std::lock_guard lock(mutex_);
    pending.swap(refreshes_);
  }
  for (auto& f : pending) f.wait();
}

void ApplicantOffers::wire(workflow::Engine& workflows) {
  // Closed (by the adviser or the deadline timer): the next reader rebuilds. Bumped inside the
  // transaction, so a reader may rebuild just before the commit: max_age bounds that staleness.
  // Publications, extensions and withdrawals also move OfferService::version() after commit.
  workflows.observe("offer",
                    [this](soci::session&, const workflow::Instance&, const std::string&,
                           const std::string&) -> Status {
                      ++generation_;
                      return ok();
                    });
}

Result<std::shared_ptr<const ApplicantOffers::DepartmentOffers>> ApplicantOffers::offers_of(
    const std::string& department) {
  const std::string today = today_of(clock_);
  const UnixSeconds now = clock_.now();
  // Both read before the store: a change committed during the build moves one of them.
  const std::uint64_t generation = generation_.load();
  const std::uint64_t offers_version = offers_.version();
  {
    std::lock_guard lock(mutex_);
    const auto found = offers_by_department_.find(department);
    if (found != offers_by_department_.end() && found->second->generation == generation &&
        found->second->offers_version == offers_version && found->second->today == today) {
      if (now - found->second->loaded_at < max_age_) return found->second;
      // Only its age has passed (another host may have changed an offer): served while one
      // background task reads it again, so that readers do not all rebuild it at once.
      reload_in_background("offers of " + department, [this, department, kept = found->second] {
        (void)build_offers(department, kept->generation, kept->offers_version, kept->today, kept);
      });
      return found->second;
    }
  }
  return build_offers(department, generation, offers_version, today, nullptr);
}

Result<std::shared_ptr<const ApplicantOffers::DepartmentOffers>> ApplicantOffers::build_offers(
    const std::string& department, std::uint64_t generation, std::uint64_t offers_version,
    const std::string& today, std::shared_ptr<const DepartmentOffers> previous) {
  const UnixSeconds now = clock_.now();
  auto built = std::make_shared<DepartmentOffers>();
  built->offers = offers_.published_in(department, today);
  // In the listings' order, by this comparison (the database's collation may differ): a listing's
  // eligible offers of one department are then in order already.
  std::sort(built->offers.begin(), built->offers.end(), soonest_deadline_first);
  built->generation = generation;
  built->offers_version = offers_version;
  built->loaded_at = now;
  built->today = today;
  if (previous && previous->offers == built->offers) {
    // Unchanged: the same set (and so the applicants' kept verdicts) serves on, younger.
    built->facts = previous->facts;
    built->json = previous->json;
    built->position_of = previous->position_of;
    built->set = previous->set;
    return keep_offers(department, std::move(built));
  }
  std::vector<nlohmann::json> items;
  items.reserve(built->offers.size());
  built->facts.reserve(built->offers.size());
  auto json = std::make_shared<std::vector<std::string>>();
  json->reserve(built->offers.size());
  auto position_of = std::make_shared<std::unordered_map<std::string, std::uint32_t>>();
  position_of->reserve(built->offers.size());
  for (const auto& o : built->offers) {
    position_of->emplace(o.id, static_cast<std::uint32_t>(position_of->size()));
    items.push_back(rules_offer(o));
    const geo::Commune* town = geography_->find(o.commune);
    built->facts.push_back({town ? geography_->index_of(*town) : DepartmentOffers::kNoTown,
                            o.rent + o.charges, static_cast<std::uint8_t>(o.typology),
                            o.housing == "house", o.reduced_mobility});
    json->push_back(util::dump_json(OfferService::to_json(o)));
  }
  built->json = std::move(json);
  built->position_of = std::move(position_of);
  auto set = rules::CandidateSet::offers(items);
  if (!set) return set.error();
  built->set = set.value();
  return keep_offers(department, std::move(built));
}

std::shared_ptr<const ApplicantOffers::DepartmentOffers> ApplicantOffers::keep_offers(
    const std::string& department, std::shared_ptr<DepartmentOffers> built) {
  std::lock_guard lock(mutex_);
  // A slower reader's older build does not replace a newer one.
  auto& kept = offers_by_department_[department];
  if (!kept ||
      (kept->generation <= built->generation && kept->offers_version <= built->offers_version)) {
    if (!kept || kept->position_of != built->position_of) {
      // The offers that left the department's set leave the index; the new ones enter it.
      if (kept) {
        for (const auto& [id, position] : *kept->position_of) {
          if (!built->position_of->count(id)) department_of_offer_.erase(id);
        }
      }
      for (const auto& [id, position] : *built->position_of) department_of_offer_[id] = department;
    }
    kept = built;
  }
  return built;
}

std::shared_ptr<const ApplicantOffers::DepartmentOffers> ApplicantOffers::set_publishing(
    const std::string& offer_id) {
  std::string department;
  {
    std::lock_guard lock(mutex_);
    const auto found = department_of_offer_.find(offer_id);
    if (found == department_of_offer_.end()) return nullptr;
    department = found->second;
  }
  // The set as a listing would read it now: rebuilt first if an offer moved since.
  auto offers = offers_of(department);
  if (!offers || !offers.value()->position_of->count(offer_id)) return nullptr;
  return offers.value();
}

ApplicantOffers::LoadedHouseholds ApplicantOffers::load_households(
    const std::string& department) const {
  return database_.read([&](soci::session& sql) {
    LoadedHouseholds loaded;
    auto& out = loaded.households;
    // Each value read goes into the digest too, with a separator: a reload that reads the same
    // values keeps the set (the members' order is fixed by their ORDER BY, the requests' by the
    // index the query walks).
    crypto_generichash_state hashing;
    std::string digest(crypto_generichash_BYTES, '\0');
    crypto_generichash_init(&hashing, nullptr, 0, digest.size());
    const auto hash = [&](std::string_view text) {
      crypto_generichash_update(&hashing, reinterpret_cast<const unsigned char*>(text.data()),
                                text.size() + 1);  // with its terminating NUL
    };
    const auto hash_number = [&](long long n) {
      crypto_generichash_update(&hashing, reinterpret_cast<const unsigned char*>(&n), sizeof n);
    };
    std::unordered_map<std::string, std::size_t> position;  // request id → its household in out
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT r.id, r.couple_status, r.tax_income_n2, r.tax_income_n1,"
                        " r.monthly_resources, r.housing_benefit, e.company_id"
                        " FROM housing_requests r LEFT JOIN employments e ON e.request_id = r.id"
                        " WHERE r.department = :d AND r.state = 'active'",
         soci::use(department));
    requests::EmployerFacts employers(sql, plugins_);
    std::unordered_map<std::string, std::string> employment_texts;
    for (const auto& r : rows) {
      // Built field by field: an initializer list builds each pair as an array and copies it.
      nlohmann::json h(nlohmann::json::value_t::object);
      auto& fields = h.get_ref<nlohmann::json::object_t&>();
      fields.emplace("members", nlohmann::json::array());
      const std::string& couple = fields.emplace("coupleStatus", r.get<std::string>(1))
                                      .first->second.get_ref<const std::string&>();
      const long long n2 = r.get<long long>(2), resources = r.get<long long>(4),
                      benefit = r.get<long long>(5);
      fields.emplace("taxIncomeN2", n2);
      fields.emplace("monthlyResources", resources);
      fields.emplace("housingBenefit", benefit);
      const std::string id = r.get<std::string>(0);
      hash(id);
      hash(couple);
      hash_number(n2);
      hash_number(resources);
      hash_number(benefit);
      const bool has_n1 = r.get_indicator(3) == soci::i_ok,
                 has_company = r.get_indicator(6) == soci::i_ok;
      bool has_employment = false;
      if (has_n1) {
        const long long n1 = r.get<long long>(3);
        fields.emplace("taxIncomeN1", n1);
        hash_number(n1);
      }
      if (has_company) {
        const std::string company = r.get<std::string>(6);
        hash(company);
        const nlohmann::json& employment = employers.of(company);
        if (!employment.is_null()) {
          auto text = employment_texts.find(company);  // each company's facts dumped once
          if (text == employment_texts.end())
            text = employment_texts.emplace(company, employment.dump()).first;
          hash(text->second);
          fields.emplace("employment", employment);
          has_employment = true;
        }
      }
      // Which optional values the row had, so that no two different rows hash alike.
      hash_number((has_n1 ? 1 : 0) | (has_company ? 2 : 0) | (has_employment ? 4 : 0));
      position.emplace(id, out.size());
      out.push_back(std::move(h));
    }
    soci::rowset<soci::row> members =
        (sql.prepare << "SELECT m.request_id, m.role, m.birth_date, m.disabled"
                        " FROM household_members m JOIN housing_requests r ON r.id = m.request_id"
                        " WHERE r.department = :d AND r.state = 'active'"
                        " ORDER BY m.request_id, m.position",
         soci::use(department));
    for (const auto& m : members) {
      const std::string request = m.get<std::string>(0);
      const auto found = position.find(request);
      if (found == position.end()) continue;
      nlohmann::json member(nlohmann::json::value_t::object);
      auto& fields = member.get_ref<nlohmann::json::object_t&>();
      const std::string& role =
          fields.emplace("role", m.get<std::string>(1)).first->second.get_ref<const std::string&>();
      const std::string& birth = fields.emplace("birthDate", m.get<std::string>(2))
                                     .first->second.get_ref<const std::string&>();
      const bool disabled = m.get<int>(3) != 0;
      fields.emplace("disabled", disabled);
      hash(request);
      hash(role);
      hash(birth);
      hash_number(disabled);
      out[found->second]["members"].push_back(std::move(member));
    }
    // A request without members is no household the rules can read.
    std::erase_if(out, [](const nlohmann::json& h) { return h.find("members")->empty(); });
    crypto_generichash_final(&hashing, reinterpret_cast<unsigned char*>(digest.data()),
                             digest.size());
    loaded.digest = std::move(digest);
    return loaded;
  });
}

Result<std::shared_ptr<const ApplicantOffers::DepartmentHouseholds>>
ApplicantOffers::build_households(const std::string& department) {
  // With a digest of the households as read: a reload that finds them unchanged keeps the set,
  // so the rules' states need not load it again nor the offers' counts be taken again.
  auto [households, digest] = load_households(department);
  auto built = std::make_shared<DepartmentHouseholds>();
  built->digest = digest;
  built->loaded_at = clock_.now();
  {
    std::lock_guard lock(mutex_);
    const auto found = households_by_department_.find(department);
    if (found != households_by_department_.end() && found->second->digest == digest) {
      built->set = found->second->set;
      households_by_department_[department] = built;
      return std::shared_ptr<const DepartmentHouseholds>(built);
    }
  }
  auto set = rules::CandidateSet::households(households);
  if (!set) return set.error();
  built->set = set.value();
  std::lock_guard lock(mutex_);
  households_by_department_[department] = built;
  return std::shared_ptr<const DepartmentHouseholds>(built);
}

Result<std::shared_ptr<const ApplicantOffers::DepartmentHouseholds>> ApplicantOffers::households_of(
    const std::string& department) {
  const UnixSeconds now = clock_.now();
  {
    std::lock_guard lock(mutex_);
    const auto found = households_by_department_.find(department);
    if (found != households_by_department_.end()) {
      // Requests change all day long and the count is informational: past its age the set is
      // still served while one background task reloads it (a national department takes seconds).
      if (now - found->second->loaded_at >= households_max_age_) {
        reload_in_background("households of " + department,
                             [this, department] { (void)build_households(department); });
      }
      return found->second;
    }
  }
  return build_households(department);
}

void ApplicantOffers::reload_in_background(const std::string& what, std::function<void()> reload) {
  if (!reloading_.insert(what).second) return;  // one reload at a time of each set
  std::erase_if(refreshes_, [](const std::future<void>& f) {
    return f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
  });
  refreshes_.push_back(std::async(std::launch::async, [this, what, reload = std::move(reload)] {
    try {
      reload();
    } catch (const std::exception& e) {
      // The old set serves on; the next reader past its age tries again.
      Poco::Logger::get("alin").warning(what + " not reloaded: " + e.what());
    }
    std::lock_guard done(mutex_);
    reloading_.erase(what);
  }));
}

std::uint64_t ApplicantOffers::offers_set_id(const std::string& department) {
  std::lock_guard lock(mutex_);
  const auto found = offers_by_department_.find(department);
  return found == offers_by_department_.end() ? 0 : found->second->set->id();
}

Result<std::shared_ptr<const rules::CandidateSet>> ApplicantOffers::active_households(
    const std::string& department) {
  auto households = households_of(department);
  if (!households) return households.error();
  return households.value()->set;
}

Result<OfferListing> ApplicantOffers::list(const std::string& account_id, const OfferQuery& q) {
  auto active = database_.read([&](soci::session& sql) {
    return requests::active_request(sql, account_id, clock_.now(), plugins_, &request_details_);
  });
  if (!active) return active.error();
  const auto& geography = *geography_;

  // The first two tabs as one table by town (Geography::index_of): every eligible offer of the
  // scanned departments is classified by one read. The third tab is the rest of the requested
  // towns' own departments (one or a few: compared in turn).
  enum Tab : std::uint8_t { kRequested, kNeighbouring, kDepartment, kNone };
  std::vector<std::uint8_t> tab_of_town(geography.size(), kNone);
  std::vector<const geo::Commune*> marked;  // the towns of the first two tabs
  const auto mark = [&](const geo::Commune* town, Tab tab) {
    std::uint8_t& slot = tab_of_town[geography.index_of(*town)];
    if (slot == kNone) marked.push_back(town);
    if (tab < slot) slot = tab;  // a requested town stays requested
  };
  std::vector<std::string> departments;
  for (const auto& insee : active->request.wanted_communes) {
    const geo::Commune* town = geography.find(insee);
    if (!town) continue;
    mark(town, kRequested);
    if (std::find(departments.begin(), departments.end(), town->department) == departments.end())
      departments.push_back(town->department);
    if (q.radius_km > 0) {
      for (const geo::Commune* near : geography.within(*town, q.radius_km)) mark(near, kRequested);
    }
  }
  const std::vector<const geo::Commune*> requested_towns = marked;
  for (const geo::Commune* town : requested_towns) {
    for (const geo::Commune* n : geography.neighbours(town->insee)) mark(n, kNeighbouring);
  }
  // A radius or a neighbour may cross into another department: its offers are in the first two
  // tabs.
  std::set<std::string> scanned(departments.begin(), departments.end());
  for (const geo::Commune* town : marked) scanned.insert(town->department);
  const Tab wanted = q.tab == "requested"      ? kRequested
                     : q.tab == "neighbouring" ? kNeighbouring
                                               : kDepartment;

  OfferListing listing;
  listing.page = q.page;
  listing.page_size = q.page_size;
  const std::string today = today_of(clock_);
  const std::string household_text = active->household.dump();  // the verdicts' key, once
  std::vector<ListedOffer> chosen;
  std::vector<std::size_t> runs;  // where each department's offers start in `chosen`
  for (const auto& department : scanned) {
    runs.push_back(chosen.size());
    auto offers = offers_of(department);
    if (!offers) return offers.error();
    listing.sets.push_back(offers.value());
    const auto& d = *offers.value();
    if (d.offers.empty()) continue;
    auto verdicts = eligible_in(d, active->household, household_text, today);
    if (!verdicts) return verdicts.error();
    listing.rule_set_version = verdicts.value()->rule_set_version;
    // Every offer of the set is of this department: in the third tab unless a town says otherwise.
    const bool own_department =
        std::find(departments.begin(), departments.end(), department) != departments.end();
    for (const std::uint32_t i : verdicts.value()->eligible) {
      const auto& facts = d.facts[i];
      if (!passes_filters(facts, q)) continue;
      std::uint8_t tab =
          facts.town == DepartmentOffers::kNoTown ? std::uint8_t{kNone} : tab_of_town[facts.town];
      if (tab == kNone) {
        if (!own_department) continue;
        tab = kDepartment;
      }
      ++(tab == kRequested      ? listing.requested
         : tab == kNeighbouring ? listing.neighbouring
                                : listing.department);
      if (tab == wanted) chosen.push_back({&d.offers[i], &(*d.json)[i]});
    }
  }
  // Nearest deadline first: what must be decided soonest. Each department's offers are in that
  // order already (its set is, and the eligible positions ascend): only the runs are merged.
  listing.total = static_cast<int>(chosen.size());
  const auto listed_first = [](const ListedOffer& a, const ListedOffer& b) {
    return soonest_deadline_first(*a.offer, *b.offer);
  };
  for (std::size_t r = 1; r < runs.size(); ++r) {
    const auto end = r + 1 < runs.size() ? chosen.begin() + runs[r + 1] : chosen.end();
    std::inplace_merge(chosen.begin(), chosen.begin() + runs[r], end, listed_first);
  }
  const std::size_t from = static_cast<std::size_t>(q.page - 1) * q.page_size;
  const std::size_t upto = std::min(chosen.size(), from + q.page_size);
  if (from < upto) listing.items.assign(chosen.begin() + from, chosen.begin() + upto);
  return listing;
}

Result<std::shared_ptr<const rules::BulkVerdicts>> ApplicantOffers::eligible_in(
    const DepartmentOffers& department, const nlohmann::json& household,
    const std::string& household_text, const std::string& today) {
  // Keyed by the household exactly as the rules read it (its employer's facts included), the
  // offers set and the day; checked against the rule set served. An applicant's listing, detail
  // and paging then run the rules once per change of any of them.
  std::string key = std::to_string(department.set->id());
  key += '|';
  key += today;
  key += '|';
  key += household_text;
  const std::string version = rules_.version();
  {
    std::lock_guard lock(mutex_);
    const auto found = verdicts_.find(key);
    if (found != verdicts_.end() && found->second->rule_set_version == version)
      return found->second;
  }
  auto verdicts = rules_.eligible_offers(household, *department.set, as_of(today));
  if (!verdicts) return verdicts.error();
  auto kept = std::make_shared<const rules::BulkVerdicts>(std::move(verdicts.value()));
  std::lock_guard lock(mutex_);
  if (verdicts_.size() >= kMaxKeptVerdicts) verdicts_.clear();  // bounded, as counts_
  verdicts_[std::move(key)] = kept;
  return kept;
}

Result<int> ApplicantOffers::eligible_applicants(const Offer& offer) {
  auto households = households_of(offer.department);
  if (!households) return households.error();
  if (households.value()->set->size() == 0) return 0;
  // One count per offer and households set: the detail page is read far more than either changes.
  const std::uint64_t set_id = households.value()->set->id();
  {
    std::lock_guard lock(mutex_);
    const auto found = counts_.find(offer.id);
    if (found != counts_.end() && found->second.first == set_id) return found->second.second;
  }
  auto verdicts = rules_.eligible_households(rules_offer(offer), *households.value()->set,
                                             as_of(today_of(clock_)));
  if (!verdicts) return verdicts.error();
  const int count = static_cast<int>(verdicts->eligible.size());
  std::lock_guard lock(mutex_);
  if (counts_.size() > 200000) counts_.clear();  // bounded: one entry per offer read
  counts_[offer.id] = {set_id, count};
  return count;
}

Result<OfferDetail> ApplicantOffers::detail(const std::string& account_id,
                                            const std::string& offer_id) {
  // A published offer as the listings show it, from its department's set in memory; any other
  // (closed, withdrawn, its department not read yet) from the store. Then the applicant's request
  // and their rank on it, on one leased connection (the sets are asked outside it: they may read
  // the store themselves).
  OfferDetail detail;
  std::shared_ptr<const DepartmentOffers> publishing = set_publishing(offer_id);
  std::optional<requests::ActiveRequest> active;
  const auto read = database_.read([&](soci::session& sql) -> Status {
    if (publishing) {
      const std::uint32_t position = publishing->position_of->at(offer_id);
      detail.offer = publishing->offers[position];
      detail.offer_json = &(*publishing->json)[position];
    } else {
      auto offer = OfferService::find(sql, offer_id);
      if (!offer) return offer.error();
      detail.offer = std::move(offer.value());
    }
    auto request =
        requests::active_request(sql, account_id, clock_.now(), plugins_, &request_details_);
    if (!request) return request.error();
    active = std::move(request.value());
    detail.position.rank =
        applications::rank_of(sql, rules_, offer_id, active->request.id, clock_.now());
    return ok();
  });
  if (!read) return read.error();
  auto count = eligible_applicants(detail.offer);
  if (!count) return count.error();
  detail.position.eligible_applicants = count.value();
  // Similar: eligible, same typology, in the same or a neighbouring town, soonest deadline first.
  if (!publishing) {
    auto department = offers_of(detail.offer.department);
    if (!department) return department.error();
    publishing = department.value();
  }
  detail.sets.push_back(publishing);
  const auto& d = *publishing;
  if (!d.offers.empty()) {
    auto verdicts = eligible_in(d, active->household, active->household.dump(), today_of(clock_));
    if (!verdicts) return verdicts.error();
    // The offer's town and its neighbours by index, matched on the packed facts: only the few
    // offers that pass are read.
    std::vector<std::uint32_t> near;
    if (const geo::Commune* town = geography_->find(detail.offer.commune)) {
      near.push_back(geography_->index_of(*town));
      for (const geo::Commune* n : geography_->neighbours(town->insee))
        near.push_back(geography_->index_of(*n));
    }
    for (const std::uint32_t i : verdicts.value()->eligible) {
      const auto& facts = d.facts[i];
      if (facts.typology != detail.offer.typology ||
          std::find(near.begin(), near.end(), facts.town) == near.end() ||
          d.offers[i].id == offer_id) {
        continue;
      }
      detail.similar.push_back({&d.offers[i], &(*d.json)[i]});
    }
    // The same town first, then its neighbours; in each, the soonest deadline: the set's order,
    // which the eligible positions keep.
    const std::string& town = detail.offer.commune;
    std::stable_partition(detail.similar.begin(), detail.similar.end(),
                          [&](const ListedOffer& x) { return x.offer->commune == town; });
    if (detail.similar.size() > 5) detail.similar.resize(5);
  }
  return detail;
}

Result<std::string> ApplicantOffers::eligibility(const std::string& account_id,
                                                 const std::string& offer_id) {
  auto offer = offers_.find(offer_id);
  if (!offer) return offer.error();
  // The "why" is for any request, active or not: read the household as it stands.
  auto household = database_.read([&](soci::session& sql) -> Result<nlohmann::json> {
    auto active =
        requests::active_request(sql, account_id, clock_.now(), plugins_, &request_details_);
    if (active) return active->household;
    if (active.error().kind == ErrorKind::not_found) return active.error();
    auto request = requests::load_request_of(sql, account_id, &request_details_);
    if (!request) return active.error();
    return requests::household_for_rules(sql, *request, plugins_);
  });
  if (!household) return household.error();
  return rules_.evaluate_json(household.value(), rules_offer(offer.value()),
                              as_of(today_of(clock_)));
}

}  // namespace alin::offers
