// Rules benchmark (issue 3): pairs per second per core (one thread) for bulk eligibility with the
// shipped Lua rules, the same rules in C++, and — through node — json-rules-engine and
// @gorules/zen-engine; plus the latency of one explained decision. Verdicts are compared.
//   bench_rules [--households N] [--offers N] [--decisions N] [--rules DIR] [--node DIR]
//               [--node-pairs N] [--compare-rules DIR] [--explained-rounds N]
// --explained-rounds: the explained decision's three measurements repeated N times in turn (the
// first round is the one reported in full), then each one's medians over the rounds, sorted: on a
// shared machine, whose load comes in bursts, the lower ones are the undisturbed rounds.
// --compare-rules: every answer of two explained decisions per applicant (one offer of its
// department each) must be the same JSON with the rules of DIR (a change meant to keep every
// message, figure and verdict), the rule set's version aside.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>

#include "alin/rules/rule_engine.hpp"
#include "alin/util/json_text.hpp"
#include "dataset.hpp"
#include "native_rules.hpp"

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;
namespace rules = alin::rules;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Figure {
  std::string name;
  std::size_t pairs;
  double seconds;
  double rate() const { return static_cast<double>(pairs) / seconds; }
};

void fail(const std::string& what) {
  std::cerr << "bench_rules: " << what << "\n";
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t household_count = 100000, offer_count = 20000, node_pairs = 100000, decisions = 20000;
  std::size_t explained_rounds = 1;
  std::string node_dir, compare_dir, rules_dir = std::string(ALIN_SOURCE_DIR) + "/rules";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--households")
      household_count = std::stoul(argv[i + 1]);
    else if (a == "--offers")
      offer_count = std::stoul(argv[i + 1]);
    else if (a == "--decisions")
      decisions = std::stoul(argv[i + 1]);
    else if (a == "--rules")
      rules_dir = argv[i + 1];
    else if (a == "--node")
      node_dir = argv[i + 1];
    else if (a == "--node-pairs")
      node_pairs = std::stoul(argv[i + 1]);
    else if (a == "--compare-rules")
      compare_dir = argv[i + 1];
    else if (a == "--explained-rounds")
      explained_rounds = std::max<std::size_t>(1, std::stoul(argv[i + 1]));
    else
      fail("unknown option " + a);
  }
  const std::string source = ALIN_SOURCE_DIR;
  std::string communes = source + "/rules/data/communes/communes.csv";
  if (!std::filesystem::exists(communes)) communes = "/work/shared/data/communes/communes.csv";
  const std::string as_of_text = "2026-06-01";
  const auto as_of = *rules::parse_date(as_of_text);

  auto t = Clock::now();
  bench::Dataset data = bench::generate(communes, household_count, offer_count, 20260601);
  std::printf("dataset: %zu households, %zu offers over %zu departments (%s), %.2f s\n",
              data.households.size(), data.offers.size(), data.offers_by_department.size(),
              communes.c_str(), seconds_since(t));

  rules::EngineOptions options{rules_dir, {}};
  options.limits.memory_bytes = 512u << 20;
  options.limits.cached_sets = 256;
  auto opened = rules::RuleEngine::open(options);
  if (!opened) fail(opened.error().title);
  auto& engine = *opened.value();
  bench::NativeRules native(rules_dir, as_of_text);

  // Candidate sets per department, for Lua (loaded once per state) and for C++ (columns).
  t = Clock::now();
  std::map<std::string, std::shared_ptr<const rules::CandidateSet>> offer_sets, household_sets;
  std::map<std::string, bench::NativeOffers> native_offers;
  std::map<std::string, std::vector<bench::NativeHousehold>> native_households;
  for (const auto& [dept, ids] : data.offers_by_department) {
    std::vector<json> items;
    for (auto i : ids) items.push_back(data.offers[i]);
    auto set = rules::CandidateSet::offers(items);
    if (!set) fail(set.error().title);
    offer_sets[dept] = set.value();
    native_offers[dept] = native.prepare(items);
  }
  for (const auto& [dept, ids] : data.households_by_department) {
    std::vector<json> items;
    std::vector<bench::NativeHousehold> prepared;
    for (auto i : ids) {
      items.push_back(data.households[i]);
      prepared.push_back(native.prepare(data.households[i]));
    }
    auto set = rules::CandidateSet::households(items);
    if (!set) fail(set.error().title);
    household_sets[dept] = set.value();
    native_households[dept] = std::move(prepared);
  }
  std::printf("candidate sets validated: %.2f s\n", seconds_since(t));

  // Loading every set into the Lua state (once per state; later calls reuse it).
  t = Clock::now();
  json probe_h = data.households[0];
  json probe_o = data.offers[0];
  for (const auto& [dept, set] : offer_sets) (void)engine.eligible_offers(probe_h, *set, as_of);
  for (const auto& [dept, set] : household_sets)
    (void)engine.eligible_households(probe_o, *set, as_of);
  std::printf("sets loaded into Lua: %.2f s\n", seconds_since(t));

  std::vector<Figure> figures;
  // A: one applicant × every offer of its department.
  std::vector<std::vector<std::uint32_t>> lua_a(data.households.size());
  std::size_t pairs_a = 0, eligible_a = 0;
  t = Clock::now();
  for (std::size_t i = 0; i < data.households.size(); ++i) {
    const auto& set = offer_sets.find(data.household_department[i]);
    if (set == offer_sets.end()) continue;
    auto v = engine.eligible_offers(data.households[i], *set->second, as_of);
    if (!v) fail(v.error().title);
    pairs_a += v->evaluated;
    eligible_a += v->eligible.size();
    lua_a[i] = std::move(v->eligible);
  }
  figures.push_back(
      {"Lua, applicant × offers of its department (API call)", pairs_a, seconds_since(t)});
  std::vector<std::uint32_t> out;
  std::size_t native_pairs = 0, mismatches = 0;
  t = Clock::now();
  for (std::size_t i = 0; i < data.households.size(); ++i) {
    auto set = native_offers.find(data.household_department[i]);
    if (set == native_offers.end()) continue;
    bench::NativeHousehold h = native.prepare(data.households[i]);
    native.offers_for(h, set->second, out);
    native_pairs += set->second.typology.size();
    mismatches += out != lua_a[i];
  }
  figures.push_back({"C++, applicant × offers of its department", native_pairs, seconds_since(t)});
  if (mismatches)
    fail(std::to_string(mismatches) + " applicants with different verdicts, Lua vs C++");

  // B: one offer × every applicant of its department.
  std::vector<std::vector<std::uint32_t>> lua_b(data.offers.size());
  std::size_t pairs_b = 0;
  t = Clock::now();
  for (std::size_t i = 0; i < data.offers.size(); ++i) {
    auto set = household_sets.find(data.offer_department[i]);
    if (set == household_sets.end()) continue;
    auto v = engine.eligible_households(data.offers[i], *set->second, as_of);
    if (!v) fail(v.error().title);
    pairs_b += v->evaluated;
    lua_b[i] = std::move(v->eligible);
  }
  figures.push_back(
      {"Lua, offer × applicants of its department (API call)", pairs_b, seconds_since(t)});
  native_pairs = 0;
  t = Clock::now();
  for (std::size_t i = 0; i < data.offers.size(); ++i) {
    auto set = native_households.find(data.offer_department[i]);
    if (set == native_households.end()) continue;
    native.households_for(data.offers[i], set->second, out);
    native_pairs += set->second.size();
    mismatches += out != lua_b[i];
  }
  figures.push_back({"C++, offer × applicants of its department", native_pairs, seconds_since(t)});
  if (mismatches) fail(std::to_string(mismatches) + " offers with different verdicts, Lua vs C++");

  // C: one applicant × all offers of France: the loop with the per-call cost spread thin.
  auto all_offers = rules::CandidateSet::offers(data.offers);
  auto native_all = native.prepare(data.offers);
  (void)engine.eligible_offers(probe_h, *all_offers.value(), as_of);
  const std::size_t sample = std::min<std::size_t>(1000, data.households.size());
  std::size_t pairs_c = 0;
  std::vector<std::vector<std::uint32_t>> lua_c(sample);
  t = Clock::now();
  for (std::size_t i = 0; i < sample; ++i) {
    auto v = engine.eligible_offers(data.households[i], *all_offers.value(), as_of);
    if (!v) fail(v.error().title);
    pairs_c += v->evaluated;
    lua_c[i] = std::move(v->eligible);
  }
  figures.push_back(
      {"Lua, applicant × all offers of France (API call)", pairs_c, seconds_since(t)});
  native_pairs = 0;
  t = Clock::now();
  for (std::size_t i = 0; i < sample; ++i) {
    native.offers_for(native.prepare(data.households[i]), native_all, out);
    native_pairs += native_all.typology.size();
    mismatches += out != lua_c[i];
  }
  figures.push_back({"C++, applicant × all offers of France", native_pairs, seconds_since(t)});
  if (mismatches) fail("Lua and C++ disagree on the France-wide run");

  // D: one explained decision (validation, Lua, every reason and figure), up to the response
  // body's text: written straight from Lua (evaluate_json, what the target is about), then
  // through Decision, to_json and dump. Same random pairs for both; every verdict is checked
  // against the bulk one.
  struct Latency {
    double mean = 0, p10 = 0, median = 0, p99 = 0;
    std::size_t count = 0;
  };
  // `hot` (a second measurement, not the target's): each pair is answered once untimed just
  // before, so its input JSON and the Lua data it reaches are in cache, as in a server that has
  // just parsed the request; the difference from the cold figure is what reading cold inputs costs.
  auto explained = [&](bool as_json, bool hot = false) {
    std::mt19937 random(7);
    std::vector<double> latencies;
    latencies.reserve(decisions);
    std::size_t explained_mismatch = 0;
    for (std::size_t k = 0; k < decisions; ++k) {
      std::size_t h = random() % data.households.size();
      const auto& dept_offers = data.offers_by_department[data.household_department[h]];
      if (dept_offers.empty()) continue;
      std::size_t pos = random() % dept_offers.size();
      const json& offer = data.offers[dept_offers[pos]];
      bool eligible = false;
      if (hot) (void)engine.evaluate_json(data.households[h], offer, as_of);
      auto start = Clock::now();
      if (as_json) {
        auto body = engine.evaluate_json(data.households[h], offer, as_of);
        latencies.push_back(
            std::chrono::duration<double, std::micro>(Clock::now() - start).count());
        if (!body) fail(body.error().title);
        // The verdict from the text without parsing it (which would evict what the next pair
        // finds in cache): "eligible" is the first member after asOf, category and ceiling,
        // whose values cannot hold it; the whole text is checked below, on a sample.
        const std::string& text = body.value();
        const std::size_t at = text.find(",\"eligible\":");
        if (at == std::string::npos) fail("no verdict in " + text);
        eligible = text.compare(at + 12, 4, "true") == 0;
      } else {
        auto d = engine.evaluate(data.households[h], offer, as_of);
        const std::string body = alin::util::dump_json(rules::to_json(d.value()));
        latencies.push_back(
            std::chrono::duration<double, std::micro>(Clock::now() - start).count());
        eligible = d->eligible;
      }
      bool bulk =
          std::binary_search(lua_a[h].begin(), lua_a[h].end(), static_cast<std::uint32_t>(pos));
      explained_mismatch += bulk != eligible;
    }
    if (explained_mismatch) fail("explained decisions disagree with bulk verdicts");
    std::sort(latencies.begin(), latencies.end());
    Latency l;
    for (double x : latencies) l.mean += x;
    l.count = latencies.size();
    l.mean /= static_cast<double>(l.count);
    l.median = latencies[l.count / 2];
    l.p99 = latencies[l.count * 99 / 100];
    l.p10 = latencies[l.count / 10];
    return l;
  };
  Latency as_json, via_decision, hot_json;
  std::vector<double> cold_medians, decision_medians, hot_medians;
  for (std::size_t round = 0; round < explained_rounds; ++round) {
    const Latency cold = explained(true), through = explained(false), hot = explained(true, true);
    if (round == 0) as_json = cold, via_decision = through, hot_json = hot;
    cold_medians.push_back(cold.median);
    decision_medians.push_back(through.median);
    hot_medians.push_back(hot.median);
  }
  // The two answers are the same JSON text (checked on a sample, outside the timed loops).
  for (std::size_t h = 0; h < std::min<std::size_t>(500, data.households.size()); ++h) {
    const auto& dept_offers = data.offers_by_department[data.household_department[h]];
    if (dept_offers.empty()) continue;
    const json& offer = data.offers[dept_offers[h % dept_offers.size()]];
    if (engine.evaluate_json(data.households[h], offer, as_of).value() !=
        alin::util::dump_json(
            rules::to_json(engine.evaluate(data.households[h], offer, as_of).value()))) {
      fail("evaluate_json differs from to_json(evaluate) for household " + std::to_string(h));
    }
  }

  // The same answers with other rules (--compare-rules), outside every timed loop.
  std::size_t compared = 0;
  if (!compare_dir.empty()) {
    rules::EngineOptions other_options{compare_dir, {}};
    auto other = rules::RuleEngine::open(other_options);
    if (!other) fail(other.error().title);
    std::mt19937 random(11);
    for (std::size_t h = 0; h < data.households.size(); ++h) {
      const auto& dept_offers = data.offers_by_department[data.household_department[h]];
      if (dept_offers.empty()) continue;
      for (int k = 0; k < 2; ++k) {
        const json& offer = data.offers[dept_offers[random() % dept_offers.size()]];
        json mine = json::parse(engine.evaluate_json(data.households[h], offer, as_of).value());
        json theirs =
            json::parse(other.value()->evaluate_json(data.households[h], offer, as_of).value());
        mine.erase("ruleSetVersion");
        theirs.erase("ruleSetVersion");
        if (mine.dump() != theirs.dump()) {
          fail("the rules of " + compare_dir + " answer differently for household " +
               std::to_string(h) + ":\n" + mine.dump() + "\n" + theirs.dump());
        }
        ++compared;
      }
    }
  }

  // E: json-rules-engine and zen-engine on the first pairs of A, facts prepared here.
  json node_result;
  if (!node_dir.empty()) {
    json pairs = json::array();
    for (std::size_t i = 0; i < data.households.size() && pairs.size() < node_pairs; ++i) {
      auto set = native_offers.find(data.household_department[i]);
      if (set == native_offers.end()) continue;
      bench::NativeHousehold h = native.prepare(data.households[i]);
      const auto& o = set->second;
      for (std::size_t j = 0; j < o.typology.size() && pairs.size() < node_pairs; ++j) {
        const auto& row = *o.ceiling[j];
        long long ceiling = h.category <= 6 ? row[h.category] : row[6] + (h.category - 6) * row[7];
        bool expected =
            std::binary_search(lua_a[i].begin(), lua_a[i].end(), static_cast<std::uint32_t>(j));
        pairs.push_back({h.income, ceiling, o.typology[j], h.typ_lo, std::min(h.typ_hi, 99),
                         h.resources, o.need[j], expected ? 1 : 0});
      }
    }
    const std::string pairs_file =
        std::filesystem::temp_directory_path() / "alin-bench-rules-pairs.json";
    const std::string result_file =
        std::filesystem::temp_directory_path() / "alin-bench-rules-node.json";
    std::ofstream(pairs_file) << pairs.dump();
    std::string command = "node " + source + "/bench/rules/node_bench.mjs " + pairs_file + " " +
                          node_dir + "/node_modules > " + result_file;
    std::printf("node: %s\n", command.c_str());
    if (std::system(command.c_str()) != 0) fail("the node benchmark failed");
    std::ifstream in(result_file);
    node_result = json::parse(in);
    if (node_result["mismatches"]["jsonRulesEngine"] != 0 ||
        node_result["mismatches"]["zenEngine"] != 0) {
      fail("node engines disagree with the Lua verdicts: " + node_result["mismatches"].dump());
    }
    figures.push_back({"json-rules-engine (node, prepared facts)",
                       node_result["jsonRulesEngine"]["pairs"],
                       node_result["jsonRulesEngine"]["seconds"]});
    figures.push_back({"@gorules/zen-engine (node, prepared facts)",
                       node_result["zenEngine"]["pairs"], node_result["zenEngine"]["seconds"]});
  }

  std::printf("\nresults, one thread, as of %s — eligible pairs in A: %.1f %%\n",
              as_of_text.c_str(),
              100.0 * static_cast<double>(eligible_a) / static_cast<double>(pairs_a));
  std::printf(
      "| what | pairs | seconds | pairs/s/core | vs Lua (A) |\n|---|---:|---:|---:|---:|\n");
  const double lua_rate = figures[0].rate();
  for (const auto& f : figures) {
    std::printf("| %s | %zu | %.3f | %.3g | %.3g× |\n", f.name.c_str(), f.pairs, f.seconds,
                f.rate(), f.rate() / lua_rate);
  }
  std::printf("\nratios: C++/Lua %.1f× (A), %.1f× (B), %.1f× (France)\n",
              figures[1].rate() / figures[0].rate(), figures[3].rate() / figures[2].rate(),
              figures[5].rate() / figures[4].rate());
  std::printf(
      "one explained decision, response body (evaluate_json: validate + Lua + reasons + JSON "
      "text): "
      "mean %.1f µs, p10 %.1f µs, median %.1f µs, p99 %.1f µs over %zu\n",
      as_json.mean, as_json.p10, as_json.median, as_json.p99, as_json.count);
  std::printf(
      "one explained decision, through Decision (evaluate + to_json + dump): mean %.1f µs, p10 "
      "%.1f µs, "
      "median %.1f µs, p99 %.1f µs over %zu\n",
      via_decision.mean, via_decision.p10, via_decision.median, via_decision.p99,
      via_decision.count);
  if (compared) {
    std::printf("same answers as the rules of %s: %zu decisions compared\n", compare_dir.c_str(),
                compared);
  }
  std::printf(
      "(second measurement, not the target's) evaluate_json, inputs hot (each pair answered once "
      "untimed just before): mean %.1f µs, p10 %.1f µs, median %.1f µs, p99 %.1f µs over %zu\n",
      hot_json.mean, hot_json.p10, hot_json.median, hot_json.p99, hot_json.count);
  if (explained_rounds > 1) {
    const auto sorted = [](std::vector<double> medians) {
      std::sort(medians.begin(), medians.end());
      std::string out;
      for (double m : medians) {
        char text[32];
        std::snprintf(text, sizeof text, "%s%.1f", out.empty() ? "" : ", ", m);
        out += text;
      }
      return out;
    };
    std::printf(
        "explained decision's medians over %zu rounds, sorted (µs): evaluate_json %s; through "
        "Decision %s; inputs hot %s\n",
        explained_rounds, sorted(cold_medians).c_str(), sorted(decision_medians).c_str(),
        sorted(hot_medians).c_str());
  }
  return 0;
}
