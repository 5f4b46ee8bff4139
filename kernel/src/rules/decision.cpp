#include "alin/rules/decision.hpp"

namespace alin::rules {

using nlohmann::json;

// Objects are filled in place: JSON initializer lists build a two-element array per member and
// copy every value once more, which was most of the cost of answering a decision.
namespace {

json::object_t& object_of(json& value) {
  return value.get_ref<json::object_t&>();
}

void fill_reason(json::object_t& o, const Reason& reason) {
  o.emplace_hint(o.end(), "code", reason.code);
  o.emplace_hint(o.end(), "figures", reason.figures);
  o.emplace_hint(o.end(), "message", reason.message);
  o.emplace_hint(o.end(), "outcome", reason.outcome);
}

json reasons_json(const std::vector<Reason>& reasons) {
  json out(json::value_t::array);
  auto& list = out.get_ref<json::array_t&>();
  list.reserve(reasons.size());
  for (const auto& r : reasons) fill_reason(object_of(list.emplace_back(json::value_t::object)), r);
  return out;
}

}  // namespace

json to_json(const Reason& reason) {
  json out(json::value_t::object);
  fill_reason(object_of(out), reason);
  return out;
}

json to_json(const Decision& d) {
  json out(json::value_t::object);
  auto& o = object_of(out);  // keys in order, each placed at the end
  o.emplace_hint(o.end(), "asOf", d.as_of);
  o.emplace_hint(o.end(), "category", d.category);
  o.emplace_hint(o.end(), "ceiling", d.ceiling ? json(*d.ceiling) : json(nullptr));
  o.emplace_hint(o.end(), "eligible", d.eligible);
  o.emplace_hint(o.end(), "reasons", reasons_json(d.reasons));
  o.emplace_hint(o.end(), "ruleSetVersion", d.rule_set_version);
  o.emplace_hint(o.end(), "target", d.target);
  o.emplace_hint(o.end(), "zone", d.zone);
  return out;
}

json to_json(const LimitsDecision& d) {
  json out(json::value_t::object);
  auto& o = object_of(out);
  o.emplace_hint(o.end(), "allowed", d.allowed);
  o.emplace_hint(o.end(), "asOf", d.as_of);
  o.emplace_hint(o.end(), "reasons", reasons_json(d.reasons));
  o.emplace_hint(o.end(), "ruleSetVersion", d.rule_set_version);
  return out;
}

json to_json(const RankingDecision& d) {
  json ranked(json::value_t::array);
  auto& list = ranked.get_ref<json::array_t&>();
  list.reserve(d.ranked.size());
  for (const auto& c : d.ranked) {
    json& item = list.emplace_back(json::value_t::object);
    auto& o = object_of(item);
    o.emplace_hint(o.end(), "applicationId", c.application_id);
    o.emplace_hint(o.end(), "kept", c.kept);
    o.emplace_hint(o.end(), "rank", c.rank);
    o.emplace_hint(o.end(), "reasons", reasons_json(c.reasons));
  }
  json out(json::value_t::object);
  auto& o = object_of(out);
  o.emplace_hint(o.end(), "asOf", d.as_of);
  o.emplace_hint(o.end(), "kept", d.kept);
  o.emplace_hint(o.end(), "ranked", std::move(ranked));
  o.emplace_hint(o.end(), "ruleSetVersion", d.rule_set_version);
  return out;
}

}  // namespace alin::rules
