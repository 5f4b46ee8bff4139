#include "alin/offers/offer_service.hpp"

#include <algorithm>
#include <array>
#include <ctime>

#include "alin/store/prepared.hpp"
#include "alin/util/crypto.hpp"

namespace alin::offers {
namespace {

constexpr const char* kColumns =
    "id, landlord_id, programme, reference, kind, financing, typology, housing, surface, rent, "
    "charges,"
    " commune, department, address, lat, lon, floor, reduced_mobility, available_from, deadline, "
    "showcase,"
    " state, created_at, pli_zone";

Offer from_row(const soci::row& r) {
  Offer o;
  o.id = r.get<std::string>(0);
  o.landlord_id = r.get<std::string>(1);
  o.programme = r.get<std::string>(2);
  o.reference = r.get<std::string>(3);
  o.kind = r.get<std::string>(4);
  o.financing = r.get<std::string>(5);
  o.typology = r.get<int>(6);
  o.housing = r.get<std::string>(7);
  o.surface = r.get<int>(8);
  o.rent = r.get<int>(9);
  o.charges = r.get<int>(10);
  o.commune = r.get<std::string>(11);
  o.department = r.get<std::string>(12);
  o.address = r.get<std::string>(13);
  o.lat = r.get<double>(14);
  o.lon = r.get<double>(15);
  if (r.get_indicator(16) == soci::i_ok) o.floor = r.get<int>(16);
  o.reduced_mobility = r.get<int>(17) != 0;
  o.available_from = r.get<std::string>(18);
  o.deadline = r.get<std::string>(19);
  o.showcase = r.get<int>(20) != 0;
  o.state = r.get<std::string>(21);
  o.created_at = r.get<long long>(22);
  if (r.get_indicator(23) == soci::i_ok) o.pli_zone = r.get<std::string>(23);
  return o;
}

Error not_found() {
  return Error::of(ErrorKind::not_found, "offer_not_found", "Cette offre n'existe pas.");
}

template <std::size_t N>
bool one_of(const std::string& value, const std::array<const char*, N>& allowed) {
  return std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return value == a; });
}

// An offer by its id, prepared once per connection: an offer's detail and every application
// read it, and parsing its 24 columns was a quarter of the detail's time.
struct OfferById {
  static inline const std::string sql =
      std::string("SELECT ") + kColumns + " FROM offers WHERE id = :id";
};

}  // namespace

std::optional<Offer> select_offer(soci::session& sql, const std::string& id) {
  std::optional<Offer> found;
  auto& rows = store::rows_by_key<OfferById>(sql, id);
  while (rows.next()) found = from_row(rows.row);  // one at most: read to the end all the same
  return found;
}

std::string today(const Clock& clock) {
  return format_utc(clock.now()).substr(0, 10);
}

bool is_iso_date(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  const int year = std::stoi(text.substr(0, 4)), month = std::stoi(text.substr(5, 2)),
            day = std::stoi(text.substr(8, 2));
  if (month < 1 || month > 12 || day < 1 || year < 1900) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

Result<Offer> OfferService::parse(const nlohmann::json& body) const {
  std::vector<FieldError> errors;
  Offer o;
  auto text = [&](const char* field, std::size_t max, bool required) -> std::string {
    const auto it = body.find(field);
    if (it == body.end() || it->is_null()) {
      if (required) errors.push_back({field, "required", "Ce champ est obligatoire."});
      return {};
    }
    if (!it->is_string()) {
      errors.push_back({field, "wrong_type", "Une chaîne de caractères est attendue."});
      return {};
    }
    const auto& value = it->get_ref<const std::string&>();
    if (value.empty() && required)
      errors.push_back({field, "required", "Ce champ est obligatoire."});
    if (value.size() > max) errors.push_back({field, "too_long", "Ce champ est trop long."});
    return value;
  };
  auto integer = [&](const char* field, long long min, long long max,
                     bool required) -> std::optional<long long> {
    const auto it = body.find(field);
    if (it == body.end() || it->is_null()) {
      if (required) errors.push_back({field, "required", "Ce champ est obligatoire."});
      return std::nullopt;
    }
    if (!it->is_number_integer()) {
      errors.push_back({field, "wrong_type", "Un nombre entier est attendu."});
      return std::nullopt;
    }
    const bool too_big = it->is_number_unsigned() &&
                         it->get<unsigned long long>() > static_cast<unsigned long long>(max);
    const long long value = too_big ? max + 1 : it->get<long long>();
    if (value < min || value > max) {
      errors.push_back({field, "out_of_range",
                        "La valeur doit être comprise entre " + std::to_string(min) + " et " +
                            std::to_string(max) + "."});
      return std::nullopt;
    }
    return value;
  };
  auto boolean = [&](const char* field) {
    const auto it = body.find(field);
    if (it == body.end() || it->is_null()) return false;
    if (!it->is_boolean()) {
      errors.push_back({field, "wrong_type", "Un booléen est attendu."});
      return false;
    }
    return it->get<bool>();
  };
  auto number = [&](const char* field, double min, double max) -> std::optional<double> {
    const auto it = body.find(field);
    if (it == body.end() || it->is_null()) return std::nullopt;
    if (!it->is_number()) {
      errors.push_back({field, "wrong_type", "Un nombre est attendu."});
      return std::nullopt;
    }
    const double value = it->get<double>();
    if (!(value >= min && value <= max)) {
      errors.push_back({field, "out_of_range", "Coordonnée hors de la France métropolitaine."});
      return std::nullopt;
    }
    return value;
  };

  o.programme = text("programme", 200, true);
  o.reference = text("reference", 100, true);
  o.kind = text("kind", 40, true);
  if (!o.kind.empty() &&
      !one_of(o.kind, std::array{"classic", "shortTermIdentified", "shortTermType"}))
    errors.push_back({"kind", "invalid_kind",
                      "Le type d'offre doit être classic, shortTermIdentified ou shortTermType."});
  o.financing = text("financing", 10, true);
  if (!o.financing.empty() && !one_of(o.financing, std::array{"PLAI", "PLUS", "PLS", "PLI"}))
    errors.push_back(
        {"financing", "invalid_financing", "Le financement doit être PLAI, PLUS, PLS ou PLI."});
  o.pli_zone = text("pliZone", 10, false);
  if (o.financing == "PLI" && o.pli_zone.empty()) {
    errors.push_back({"pliZone", "required",
                      "Une offre PLI indique sa zone : A_bis, A, B1 ou B2_C (ses plafonds en "
                      "dépendent)."});
  } else if (!o.pli_zone.empty() && o.financing != "PLI") {
    errors.push_back({"pliZone", "only_for_pli", "La zone PLI ne concerne que les offres PLI."});
  } else if (!o.pli_zone.empty() && !one_of(o.pli_zone, std::array{"A_bis", "A", "B1", "B2_C"})) {
    errors.push_back({"pliZone", "invalid_zone", "La zone PLI vaut A_bis, A, B1 ou B2_C."});
  }
  o.typology = static_cast<int>(integer("typology", 1, 6, true).value_or(0));
  o.housing = text("housing", 10, true);
  if (!o.housing.empty() && !one_of(o.housing, std::array{"house", "flat"}))
    errors.push_back({"housing", "invalid_housing", "Le logement doit être house ou flat."});
  o.surface = static_cast<int>(integer("surface", 9, 500, true).value_or(0));
  o.rent = static_cast<int>(integer("rent", 1, 10000, true).value_or(0));
  o.charges = static_cast<int>(integer("charges", 0, 5000, true).value_or(0));
  o.commune = text("commune", 5, true);
  const geo::Commune* commune = o.commune.empty() ? nullptr : geography_->find(o.commune);
  if (!o.commune.empty() && commune == nullptr)
    errors.push_back(
        {"commune", "unknown_commune", "Ce code INSEE ne correspond à aucune commune."});
  o.address = text("address", 300, true);
  const auto lat = number("lat", 41.0, 51.5);
  const auto lon = number("lon", -5.5, 10.0);
  if (auto floor = integer("floor", -5, 100, false)) o.floor = static_cast<int>(*floor);
  o.reduced_mobility = boolean("reducedMobility");
  o.showcase = boolean("showcase");
  o.available_from = text("availableFrom", 10, true);
  if (!o.available_from.empty() && !is_iso_date(o.available_from))
    errors.push_back({"availableFrom", "invalid_date", "Date attendue au format AAAA-MM-JJ."});
  o.deadline = text("deadline", 10, true);
  if (!o.deadline.empty() && !is_iso_date(o.deadline)) {
    errors.push_back({"deadline", "invalid_date", "Date attendue au format AAAA-MM-JJ."});
  } else if (!o.deadline.empty() && o.deadline < today(clock_)) {
    errors.push_back({"deadline", "in_the_past", "La date limite de candidature est déjà passée."});
  }
  if (!errors.empty())
    return Error::invalid("invalid_input", "Certains champs ne sont pas valides.",
                          std::move(errors));

  o.department = commune->department;
  // Without coordinates, the town's centre: enough for the radius search.
  o.lat = lat.value_or(commune->lat);
  o.lon = lon.value_or(commune->lon);
  return o;
}

Result<Offer> OfferService::publish(const std::string& landlord_id, Offer o) {
  auto published = database_.write([&](soci::session& sql) -> Result<Offer> {
    int taken = 0;
    sql << "SELECT COUNT(*) FROM offers WHERE landlord_id = :l AND reference = :r",
        soci::use(landlord_id), soci::use(o.reference), soci::into(taken);
    if (taken > 0) {
      return Error{ErrorKind::conflict,
                   "reference_taken",
                   "Vous avez déjà publié une offre sous cette référence.",
                   {{"reference", "reference_taken", "Référence déjà utilisée."}}};
    }
    o.id = crypto::new_id();
    o.landlord_id = landlord_id;
    o.state = "published";
    o.created_at = clock_.now();
    const int floor = o.floor.value_or(0);
    soci::indicator floor_ind = o.floor ? soci::i_ok : soci::i_null;
    const int reduced = o.reduced_mobility, showcase = o.showcase;
    const long long created = o.created_at;
    soci::indicator pli_ind = o.pli_zone.empty() ? soci::i_null : soci::i_ok;
    sql << "INSERT INTO offers (" << kColumns
        << ") VALUES (:id, :landlord, :programme, :reference, :kind,"
           " :financing, :typology, :housing, :surface, :rent, :charges, :commune, :department, "
           ":address, :lat,"
           " :lon, :floor, :reduced, :available, :deadline, :showcase, :state, :created, :pli)",
        soci::use(o.id), soci::use(o.landlord_id), soci::use(o.programme), soci::use(o.reference),
        soci::use(o.kind), soci::use(o.financing), soci::use(o.typology), soci::use(o.housing),
        soci::use(o.surface), soci::use(o.rent), soci::use(o.charges), soci::use(o.commune),
        soci::use(o.department), soci::use(o.address), soci::use(o.lat), soci::use(o.lon),
        soci::use(floor, floor_ind), soci::use(reduced), soci::use(o.available_from),
        soci::use(o.deadline), soci::use(showcase), soci::use(o.state), soci::use(created),
        soci::use(o.pli_zone, pli_ind);
    if (lifecycle_) {
      if (auto followed = lifecycle_(sql, o, "publish"); !followed) return followed.error();
    }
    return o;
  });
  if (published) ++version_;
  return published;
}

Result<Offer> OfferService::change(const std::string& landlord_id, const std::string& offer_id,
                                   const OfferChange& change) {
  if (change.deadline && !is_iso_date(*change.deadline)) {
    return Error::invalid("invalid_input", "Certains champs ne sont pas valides.",
                          {{"deadline", "invalid_date", "Date attendue au format AAAA-MM-JJ."}});
  }
  if (change.deadline && *change.deadline < today(clock_)) {
    return Error::invalid(
        "invalid_input", "Certains champs ne sont pas valides.",
        {{"deadline", "in_the_past", "La date limite de candidature est déjà passée."}});
  }
  auto changed = database_.write([&](soci::session& sql) -> Result<Offer> {
    auto offer = select_offer(sql, offer_id);
    if (!offer || offer->landlord_id != landlord_id) return not_found();
    if (offer->state != "published") {
      return Error::of(ErrorKind::conflict, "offer_not_published",
                       "Cette offre n'est plus publiée : elle ne peut être modifiée.");
    }
    if (change.deadline) offer->deadline = *change.deadline;
    if (change.showcase) offer->showcase = *change.showcase;
    if (change.withdraw) offer->state = "withdrawn";
    const int showcase = offer->showcase;
    sql << "UPDATE offers SET deadline = :d, showcase = :s, state = :st WHERE id = :id",
        soci::use(offer->deadline), soci::use(showcase), soci::use(offer->state),
        soci::use(offer->id);
    if (lifecycle_ && (change.withdraw || change.deadline)) {
      const std::string event = change.withdraw ? "withdraw" : "extend";
      if (auto followed = lifecycle_(sql, *offer, event); !followed) return followed.error();
    }
    return *offer;
  });
  if (changed) ++version_;
  return changed;
}

Result<Offer> OfferService::find(const std::string& offer_id) const {
  return database_.read([&](soci::session& sql) { return find(sql, offer_id); });
}

Result<Offer> OfferService::find(soci::session& sql, const std::string& offer_id) {
  auto offer = select_offer(sql, offer_id);
  if (!offer) return not_found();
  return std::move(*offer);
}

Page OfferService::showcase(const ShowcaseQuery& query) const {
  // Every value is bound; the list of a region's departments comes from the reference data.
  std::vector<std::string> values = {today(clock_)};
  std::string where = "showcase = 1 AND state = 'published' AND deadline >= ?";
  if (!query.commune.empty()) {
    where += " AND commune = ?";
    values.push_back(query.commune);
  }
  if (!query.department.empty()) {
    where += " AND department = ?";
    values.push_back(query.department);
  }
  if (!query.region.empty()) {
    const auto& departments = geography_->departments_of_region(query.region);
    if (departments.empty()) return {{}, 0, query.page, query.page_size};
    where += " AND department IN (";
    for (std::size_t i = 0; i < departments.size(); ++i) {
      where += i == 0 ? "?" : ", ?";
      values.push_back(departments[i]);
    }
    where += ")";
  }
  return select_page(where, values, "deadline, id", query.page, query.page_size);
}

Page OfferService::of_landlord(const std::string& landlord_id, int page, int page_size) const {
  return select_page("landlord_id = ?", {landlord_id}, "created_at DESC, id", page, page_size);
}

std::vector<Offer> OfferService::published_in(const std::string& department,
                                              const std::string& today) const {
  return database_.read([&](soci::session& sql) {
    std::vector<Offer> out;
    soci::rowset<soci::row> rows =
        (sql.prepare << std::string("SELECT ") + kColumns +
                            " FROM offers WHERE department = :d AND state = 'published'"
                            " AND deadline >= :t ORDER BY deadline, id",
         soci::use(department), soci::use(today));
    for (const soci::row& r : rows) out.push_back(from_row(r));
    return out;
  });
}

Page OfferService::select_page(const std::string& where, std::vector<std::string> values,
                               const std::string& order, int page_number, int page_size) const {
  // SOCI names its placeholders: number the '?' so both backends bind by position.
  std::string numbered = " WHERE ";
  int n = 0;
  for (char c : where) numbered += c == '?' ? ":p" + std::to_string(n++) : std::string(1, c);

  Page page{{}, 0, page_number, page_size};
  database_.read([&](soci::session& sql) {
    {
      soci::statement count(sql);
      for (auto& v : values) count.exchange(soci::use(v));
      count.exchange(soci::into(page.total));
      count.alloc();
      count.prepare("SELECT COUNT(*) FROM offers" + numbered);
      count.define_and_bind();
      count.execute(true);
    }
    const std::string select = std::string("SELECT ") + kColumns + " FROM offers" + numbered +
                               " ORDER BY " + order + " LIMIT " + std::to_string(page_size) +
                               " OFFSET " + std::to_string((page_number - 1) * page_size);
    soci::row row;
    soci::statement list(sql);
    for (auto& v : values) list.exchange(soci::use(v));
    list.exchange(soci::into(row));
    list.alloc();
    list.prepare(select);
    list.define_and_bind();
    list.execute();
    while (list.fetch()) page.items.push_back(from_row(row));
  });
  return page;
}

nlohmann::json OfferService::to_json(const Offer& o) {
  // Field by field rather than from an initializer list, which builds every pair as a two-element
  // array and copies it again: a listing writes 20 offers per request.
  nlohmann::json j(nlohmann::json::value_t::object);
  auto& fields = j.get_ref<nlohmann::json::object_t&>();
  fields.emplace("id", o.id);
  fields.emplace("landlordId", o.landlord_id);
  fields.emplace("programme", o.programme);
  fields.emplace("reference", o.reference);
  fields.emplace("kind", o.kind);
  fields.emplace("financing", o.financing);
  fields.emplace("typology", o.typology);
  fields.emplace("housing", o.housing);
  fields.emplace("surface", o.surface);
  fields.emplace("rent", o.rent);
  fields.emplace("charges", o.charges);
  fields.emplace("commune", o.commune);
  fields.emplace("department", o.department);
  fields.emplace("address", o.address);
  fields.emplace("lat", o.lat);
  fields.emplace("lon", o.lon);
  fields.emplace("reducedMobility", o.reduced_mobility);
  fields.emplace("availableFrom", o.available_from);
  fields.emplace("deadline", o.deadline);
  fields.emplace("showcase", o.showcase);
  fields.emplace("state", o.state);
  fields.emplace("floor", o.floor ? nlohmann::json(*o.floor) : nlohmann::json(nullptr));
  if (!o.pli_zone.empty()) fields.emplace("pliZone", o.pli_zone);
  return j;
}

}  // namespace alin::offers
