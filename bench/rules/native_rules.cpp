#include "native_rules.hpp"

#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace bench {

using nlohmann::json;

namespace {

// Plain CSV with optional quoted fields (parameters.csv quotes its sources).
std::vector<std::map<std::string, std::string>> read_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  auto split = [](const std::string& line) {
    std::vector<std::string> out;
    std::string field;
    bool quoted = false;
    for (char c : line) {
      if (c == '"')
        quoted = !quoted;
      else if (c == ',' && !quoted)
        out.push_back(std::move(field)), field.clear();
      else if (c != '\r')
        field.push_back(c);
    }
    out.push_back(field);
    return out;
  };
  std::string line;
  std::getline(in, line);
  auto header = split(line);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto f = split(line);
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size() && i < f.size(); ++i) row[header[i]] = f[i];
    rows.push_back(row);
  }
  return rows;
}

int age(const std::string& birth, int year, int month, int day) {
  int y = std::stoi(birth.substr(0, 4)), m = std::stoi(birth.substr(5, 2)),
      d = std::stoi(birth.substr(8, 2));
  int years = year - y;
  if (month < m || (month == m && day < d)) --years;
  return years;
}

}  // namespace

NativeRules::NativeRules(const std::string& dir, const std::string& as_of) : as_of_(as_of) {
  year_ = std::stoi(as_of.substr(0, 4));
  month_ = std::stoi(as_of.substr(5, 2));
  day_ = std::stoi(as_of.substr(8, 2));
  std::map<std::string, std::pair<std::string, std::string>> params;  // name → (from, value)
  for (auto& r : read_csv(dir + "/data/parameters.csv")) {
    if (r["from"] <= as_of && (!params.count(r["name"]) || params[r["name"]].first <= r["from"])) {
      params[r["name"]] = {r["from"], r["value"]};
    }
  }
  factor_ = std::stod(params.at("rent_effort_factor").second);
  drop_percent_ = std::stoll(params.at("income_n1_drop_percent").second);
  age_sum_max_ = std::stoll(params.at("jeune_menage_max_age_sum").second);
  short_term_ceilings_ = params.at("short_term_income_ceilings").second != "0";
  for (const char* file : {"/data/income_ceilings.csv", "/data/pli_ceilings.csv"}) {
    for (auto& r : read_csv(dir + file)) {
      std::array<long long, 8> row{};
      for (int k = 1; k <= 6; ++k) row[k] = std::stoll(r["cat" + std::to_string(k)]);
      row[7] = std::stoll(r["per_additional_person"]);
      ceilings_[{r["financing"], r["zone"]}][std::stoi(r["year"])] = row;
    }
  }
  for (auto& r : read_csv(dir + "/data/zones.csv")) {
    (r["match"] == "commune" ? commune_zone_ : department_zone_)[r["code"]] = r["zone"];
  }
  for (auto& r : read_csv(dir + "/data/typology.csv")) {
    int hi =
        r["max_typology"].empty() ? std::numeric_limits<int>::max() : std::stoi(r["max_typology"]);
    typology_[std::stoi(r["household_size"])] = {std::stoi(r["min_typology"]), hi};
  }
  not_applicable_.fill(std::numeric_limits<long long>::max() / 4);
  not_applicable_[7] = 0;
  unknown_.fill(-1);
  unknown_[7] = 0;
}

std::string NativeRules::zone(const std::string& insee) const {
  if (auto it = commune_zone_.find(insee); it != commune_zone_.end()) return it->second;
  if (auto it = department_zone_.find(insee.substr(0, 2)); it != department_zone_.end())
    return it->second;
  return "autres_regions";
}

const std::array<long long, 8>* NativeRules::row(const std::string& financing,
                                                 const std::string& z) const {
  auto it = ceilings_.find({financing, z});
  if (it == ceilings_.end()) return &unknown_;
  auto year = it->second.upper_bound(year_);
  if (year == it->second.begin()) return &unknown_;
  return &std::prev(year)->second;
}

NativeHousehold NativeRules::prepare(const json& h) const {
  const auto& members = h["members"];
  int persons = static_cast<int>(members.size()), dependants = 0;
  bool disabled = false;
  const json* applicant = nullptr;
  const json* co = nullptr;
  for (const auto& m : members) {
    const std::string& role = m["role"].get_ref<const std::string&>();
    if (role == "dependant")
      ++dependants;
    else if (role == "applicant")
      applicant = &m;
    else if (role == "coApplicant")
      co = &m;
    if (m.value("disabled", false)) disabled = true;
  }
  int base = persons;
  if (dependants >= 1 && dependants == persons - 1) base = persons + 1;
  if (co && h.value("coupleStatus", "none") != "none" && dependants == 0) {
    int sum = age((*applicant)["birthDate"], year_, month_, day_) +
              age((*co)["birthDate"], year_, month_, day_);
    if (sum <= age_sum_max_ && base < 3) base = 3;
  }
  NativeHousehold out{};
  out.category = disabled ? base + 1 : base;
  out.persons = persons;
  long long n2 = h["taxIncomeN2"];
  out.income = n2;
  if (h.contains("taxIncomeN1")) {
    long long n1 = h["taxIncomeN1"];
    if (n1 * 100 <= n2 * (100 - drop_percent_)) out.income = n1;
  }
  auto range = typology_.count(persons) ? typology_.at(persons) : typology_.rbegin()->second;
  out.typ_lo = range.first;
  out.typ_hi = range.second;
  out.resources = h["monthlyResources"].get<long long>() + h.value("housingBenefit", 0LL);
  return out;
}

NativeOffers NativeRules::prepare(const std::vector<json>& offers) const {
  NativeOffers out;
  for (const auto& o : offers) {
    const std::string& kind = o["kind"].get_ref<const std::string&>();
    const std::string& financing = o["financing"].get_ref<const std::string&>();
    const std::array<long long, 8>* r;
    if (kind != "classic" && !short_term_ceilings_) {
      r = &not_applicable_;
    } else {
      r = row(financing, financing == "PLI" ? o["pliZone"].get<std::string>() : zone(o["commune"]));
    }
    out.ceiling.push_back(r);
    out.typology.push_back(o["typology"]);
    out.need.push_back(factor_ * (o["rent"].get<long long>() + o.value("charges", 0LL)));
  }
  return out;
}

void NativeRules::offers_for(const NativeHousehold& h, const NativeOffers& o,
                             std::vector<std::uint32_t>& out) const {
  out.clear();
  const std::size_t n = o.typology.size();
  for (std::size_t i = 0; i < n; ++i) {
    int t = o.typology[i];
    if (h.income <= ceiling_of(*o.ceiling[i], h.category) && t >= h.typ_lo && t <= h.typ_hi &&
        static_cast<double>(h.resources) >= o.need[i]) {
      out.push_back(static_cast<std::uint32_t>(i));
    }
  }
}

void NativeRules::households_for(const json& offer, const std::vector<NativeHousehold>& hs,
                                 std::vector<std::uint32_t>& out) const {
  out.clear();
  NativeOffers one = prepare(std::vector<json>{offer});
  const auto& row = *one.ceiling[0];
  const int t = one.typology[0];
  const double need = one.need[0];
  for (std::size_t i = 0; i < hs.size(); ++i) {
    const auto& h = hs[i];
    if (h.income <= ceiling_of(row, h.category) && t >= h.typ_lo && t <= h.typ_hi &&
        static_cast<double>(h.resources) >= need) {
      out.push_back(static_cast<std::uint32_t>(i));
    }
  }
}

}  // namespace bench
