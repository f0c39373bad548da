// The parameter tables of the ribbon studies and the one loop that applies, checks and echoes
// them. See parameters.hpp.
#include "specsweep/ribbon/parameters.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>
#include <type_traits>

#include "specsweep/error.hpp"
#include "specsweep/method.hpp"
#include "specsweep/ribbon/conductivity_study.hpp"

namespace specsweep::ribbon {

std::vector<double> linspace(double from, double to, Index count) {
  std::vector<double> v(static_cast<size_t>(count));
  for (Index i = 0; i < count; ++i)
    v[static_cast<size_t>(i)] =
        from + (to - from) * double(i) / double(std::max<Index>(count - 1, 1));
  if (count > 1) v.back() = to;  // from + (to - from) need not round to `to`
  return v;
}

namespace {

constexpr double kMaxGridCount = 1e7;

// Setups of ribbon systems carry a Geometry; the conductivity study has none.
template <class S, class = void>
struct has_geometry : std::false_type {};
template <class S>
struct has_geometry<S, std::void_t<decltype(std::declval<S&>().geometry)>> : std::true_type {};
// Setups whose surroundings may be dispersive media (absorption, emitter).
template <class S, class = void>
struct has_media : std::false_type {};
template <class S>
struct has_media<S, std::void_t<decltype(std::declval<S&>().substrate)>> : std::true_type {};
template <class S>
bool media_given(const S& s) {
  if constexpr (has_media<S>::value)
    return s.substrate.given() || s.superstrate.given();
  else
    return false;
}

// Shortest text that reads back to the same double (fmt's round-trip formatting).
std::string num(double v) { return fmt::format("{}", v); }

double parse_number(const std::string& s, const std::string& what) {
  try {
    size_t used = 0;
    const double v = std::stod(s, &used);
    if (used == s.size() && std::isfinite(v)) return v;
  } catch (const std::exception&) {
  }
  throw Error(fmt::format("{}'{}' is not a number", what.empty() ? "" : what + ": ", s));
}

Index parse_integer(const std::string& s) {
  try {
    size_t used = 0;
    const long long v = std::stoll(s, &used);
    if (used == s.size()) return static_cast<Index>(v);
  } catch (const std::exception&) {
  }
  throw Error(fmt::format("'{}' is not an integer", s));
}

// ---- checks ---------------------------------------------------------------------------------

Check positive() {
  return {"> 0", [](double v) { return v > 0; }};
}
Check non_negative() {
  return {">= 0", [](double v) { return v >= 0; }};
}
Check finite() {
  return {"finite", [](double) { return true; }};
}
Check in_range(double lo, double hi) {
  return {fmt::format("in [{}, {}]", lo, hi), [lo, hi](double v) { return v >= lo && v <= hi; }};
}
Check at_least(double lo) {
  return {fmt::format(">= {}", lo), [lo](double v) { return v >= lo; }};
}

// ---- building rows from member pointers -----------------------------------------------------

// s.*M0.*M1...: a member of the setup, or of one of its members (geometry.period_nm).
template <auto First, auto... Rest>
struct Path {
  template <class S>
  static auto& ref(S& s) {
    if constexpr (sizeof...(Rest) == 0)
      return s.*First;
    else
      return Path<Rest...>::ref(s.*First);
  }
};

ParameterInfo info(const char* name, const char* key, const char* flag, const char* label,
                   const char* unit, const char* help, Check check) {
  ParameterInfo p;
  p.name = name;
  p.key = key;
  p.flag = flag;
  p.label = label;
  p.unit = unit;
  p.help = help;
  p.check = std::move(check);
  return p;
}

template <class S>
Parameter<S> make(ParameterInfo i, ParameterKind kind) {
  Parameter<S> p;
  static_cast<ParameterInfo&>(p) = std::move(i);
  p.kind = kind;
  return p;
}

Value value_of(double v) { return Value(std::in_place_type<double>, v); }
Value value_of(const std::optional<double>& v) { return v ? value_of(*v) : Value(); }
void assign(double& to, const Value& v) { to = std::get<double>(v); }
void assign(std::optional<double>& to, const Value& v) {
  if (std::holds_alternative<double>(v))
    to = std::get<double>(v);
  else
    to.reset();
}

template <class S, auto... Ms>
Parameter<S> integer(ParameterInfo i) {
  auto p = make<S>(std::move(i), ParameterKind::Integer);
  p.get = [](const S& s) -> Value { return Value(std::in_place_type<Index>, Path<Ms...>::ref(s)); };
  p.set = [](S& s, const Value& v) { Path<Ms...>::ref(s) = std::get<Index>(v); };
  return p;
}

template <class S, auto... Ms>
Parameter<S> number(ParameterInfo i) {
  auto p = make<S>(std::move(i), ParameterKind::Number);
  p.get = [](const S& s) -> Value { return value_of(Path<Ms...>::ref(s)); };
  p.set = [](S& s, const Value& v) { assign(Path<Ms...>::ref(s), v); };
  return p;
}

// std::optional<double>; `unset_word` (e.g. "average") is how the unset value is written.
template <class S, auto... Ms>
Parameter<S> optional(ParameterInfo i, const char* unset_word = nullptr) {
  auto p = make<S>(std::move(i), ParameterKind::Optional);
  if (unset_word) p.words = {unset_word};
  const std::string word = unset_word ? unset_word : "";
  p.get = [word](const S& s) -> Value {
    const std::optional<double>& v = Path<Ms...>::ref(s);
    if (!v && !word.empty()) return word;
    return value_of(v);
  };
  p.set = [](S& s, const Value& v) { assign(Path<Ms...>::ref(s), v); };
  return p;
}

template <class S, auto... Ms>
Parameter<S> list(ParameterInfo i, bool increasing = false) {
  auto p = make<S>(std::move(i), ParameterKind::List);
  p.increasing = increasing;
  p.get = [](const S& s) -> Value { return Path<Ms...>::ref(s); };
  p.set = [](S& s, const Value& v) { Path<Ms...>::ref(s) = std::get<std::vector<double>>(v); };
  return p;
}

// An enum member, written as one of the words of `choices`.
template <class S, auto... Ms, class E>
Parameter<S> word(ParameterInfo i, std::vector<std::pair<std::string, E>> choices) {
  auto p = make<S>(std::move(i), ParameterKind::Word);
  p.check = {};
  for (const auto& c : choices) p.words.push_back(c.first);
  p.get = [choices](const S& s) -> Value {
    for (const auto& c : choices)
      if (c.second == Path<Ms...>::ref(s)) return c.first;
    throw Error("internal: an enum value without a name");
  };
  p.set = [choices](S& s, const Value& v) {
    for (const auto& c : choices)
      if (c.first == std::get<std::string>(v)) Path<Ms...>::ref(s) = c.second;
  };
  return p;
}

std::vector<std::pair<std::string, Method>> method_words() {
  std::vector<std::pair<std::string, Method>> w;
  for (Method m : {Method::Auto, Method::Direct, Method::Eig, Method::Schur, Method::Hessenberg})
    w.emplace_back(to_string(m), m);
  return w;
}

/// Two whitespace-separated columns (hw [eV], factor), hw increasing, interpolated linearly
/// onto `hw`, which it must cover.
std::vector<double> read_factor_table(const std::string& path, const std::vector<double>& hw) {
  std::ifstream in(path);
  require(static_cast<bool>(in), fmt::format("{}: cannot read the file", path));
  std::vector<double> xs, ys;
  std::string line;
  for (int lineno = 1; std::getline(in, line); ++lineno) {
    const auto hash = line.find('#');
    if (hash != std::string::npos) line.resize(hash);
    std::istringstream ls(line);
    double a, b;
    if (!(ls >> a)) continue;  // blank or comment line
    std::string rest;
    require(static_cast<bool>(ls >> b) && !(ls >> rest) && std::isfinite(a) && std::isfinite(b),
            fmt::format("{}: line {}: expected two numbers (hw_eV factor)", path, lineno));
    require(xs.empty() || a > xs.back(),
            fmt::format("{}: line {}: hw must increase", path, lineno));
    xs.push_back(a);
    ys.push_back(b);
  }
  require(xs.size() >= 2, fmt::format("{}: needs at least two rows", path));
  std::vector<double> out;
  for (double w : hw) {
    require(w >= xs.front() && w <= xs.back(),
            fmt::format("{}: does not cover hw = {} eV (covers {} to {})", path, w, xs.front(),
                        xs.back()));
    const size_t i =
        std::min<size_t>(std::upper_bound(xs.begin(), xs.end(), w) - xs.begin(), xs.size() - 1);
    const double t = (w - xs[i - 1]) / (xs[i] - xs[i - 1]);
    out.push_back((1 - t) * ys[i - 1] + t * ys[i]);
  }
  return out;
}

// One factor per hw: a list, or a file read onto the setup's hw grid (so hw is set first).
template <class S, auto... Ms>
Parameter<S> table(ParameterInfo i) {
  auto p = make<S>(std::move(i), ParameterKind::Table);
  p.get = [](const S& s) -> Value {
    const auto& v = Path<Ms...>::ref(s);
    return v.empty() ? Value() : Value(v);
  };
  p.set = [](S& s, const Value& v) {
    auto& to = Path<Ms...>::ref(s);
    if (const auto* file = std::get_if<std::string>(&v))
      to = read_factor_table(*file, s.hw_eV);
    else if (const auto* values = std::get_if<std::vector<double>>(&v))
      to = *values;
    else
      to.clear();
  };
  return p;
}

// One field of every ribbon in the geometry; gaps skip the first ribbon (nothing before it).
template <class S>
Parameter<S> column(ParameterInfo i, double RibbonSpec::*field, bool between) {
  auto p = make<S>(std::move(i), ParameterKind::Column);
  p.column = field;
  p.between = between;
  p.get = [field, between](const S& s) -> Value {
    const auto& r = s.geometry.ribbons;
    std::vector<double> v;
    for (size_t k = between ? 1 : 0; k < r.size(); ++k) v.push_back(r[k].*field);
    return v.empty() ? Value() : Value(v);  // no ribbons listed, or one ribbon has no gaps
  };
  p.set = [](S&, const Value&) {};  // columns are assembled together (assemble_ribbons)
  return p;
}

// The one-ribbon width W (W_0 when the ribbons are listed): shown only for one ribbon, since
// the listed widths then say it.
template <class S>
Parameter<S> width_row(ParameterKind kind, const char* help) {
  auto p = make<S>(info("width_nm", "ribbon.width_nm", "--width", "width", "nm", help, positive()),
                   kind);
  p.group = "widths";
  p.get = [](const S& s) -> Value {
    if (!s.geometry.ribbons.empty()) return {};
    return value_of(s.width_nm);
  };
  p.set = [](S& s, const Value& v) { assign(s.width_nm, v); };
  return p;
}

// Rows several studies share, one builder each so that each is written once.
template <class S>
Parameter<S> eps_row() {
  auto p = number<S, &S::eps_eff>(info("eps_eff", "ribbon.eps_eff", "--eps", "eps_eff", "",
                                       "mean of the dielectric constants above and below the sheet",
                                       positive()));
  if constexpr (has_media<S>::value) {
    p.group = "eps";  // or the media, which then replace it
    p.help += " (a constant; or give the media: --substrate, --superstrate)";
    p.get = [](const S& s) -> Value { return media_given(s) ? Value() : value_of(s.eps_eff); };
  }
  return p;
}

// A row of one medium's parameters: the media go together, and each excludes eps_eff.
template <class S>
Parameter<S> medium_part(ParameterInfo i, ParameterKind kind) {
  auto p = make<S>(std::move(i), kind);
  p.group = "eps";
  p.together = "media";
  return p;
}

// The eps of a medium: a number, or a permittivity table file, read here so that a bad row is
// an input error of this parameter and the setup holds the data it runs on.
template <class S, MediumSpec S::*M>
Parameter<S> medium_row(ParameterInfo i) {
  auto p = medium_part<S>(std::move(i), ParameterKind::Medium);
  p.get = [](const S& s) -> Value {
    const MediumSpec& m = s.*M;
    if (m.table) return m.table->source();
    return value_of(m.eps);
  };
  p.set = [](S& s, const Value& v) {
    MediumSpec& m = s.*M;
    m.eps.reset();
    m.table.reset();
    if (const auto* file = std::get_if<std::string>(&v))
      m.table = Permittivity::read_table(*file);
    else if (std::holds_alternative<double>(v))
      m.eps = std::get<double>(v);
  };
  return p;
}

// The Lorentz oscillators of a medium, as (strength, hw0_eV, gamma_eV) triples.
template <class S, MediumSpec S::*M>
Parameter<S> oscillators_row(ParameterInfo i) {
  auto p = medium_part<S>(std::move(i), ParameterKind::Oscillators);
  p.get = [](const S& s) -> Value {
    std::vector<double> v;
    for (const LorentzOscillator& o : (s.*M).oscillators)
      v.insert(v.end(), {o.strength, o.hw0_eV, o.gamma_eV});
    return v.empty() ? Value() : Value(v);
  };
  p.set = [](S& s, const Value& v) {
    std::vector<LorentzOscillator>& to = (s.*M).oscillators;
    to.clear();
    const auto* l = std::get_if<std::vector<double>>(&v);
    if (!l) return;
    require(l->size() % 3 == 0,
            fmt::format("expected ({}, {}, {}) triples, got {} numbers", oscillator_fields[0],
                        oscillator_fields[1], oscillator_fields[2], l->size()));
    for (size_t k = 0; k < l->size(); k += 3) to.push_back({(*l)[k], (*l)[k + 1], (*l)[k + 2]});
  };
  return p;
}

// The two rows of one side's medium: ribbon.<side> and ribbon.<side>_lorentz.
template <class S, MediumSpec S::*M>
void add_medium_rows(std::vector<Parameter<S>>& rows, const std::string& side,
                     const std::string& where) {
  const std::string key = "ribbon." + side, flag = "--" + side, eps = side + " eps";
  const std::string help = fmt::format(
      "medium {}: a constant eps, or a permittivity table file of lines 'hw_eV Re_eps Im_eps' "
      "(e.g. data/sio2_kischkat2012.txt), or with {}_lorentz the background eps_inf. Given (or "
      "the other medium), eps_eff(hw) = (superstrate + substrate)/2 replaces --eps, a side not "
      "given being vacuum",
      where, side);
  rows.push_back(medium_row<S, M>(
      info(side.c_str(), key.c_str(), flag.c_str(), eps.c_str(), "", help.c_str(), positive())));
  const std::string lorentz = side + "_lorentz", oscillators = side + " oscillators";
  const std::string lorentz_help = fmt::format(
      "Lorentz oscillators added to the {}'s eps_inf, eps = eps_inf + sum_k S_k hw_k^2 / "
      "(hw_k^2 - hw^2 - i gamma_k hw): S,hw0_eV,gamma_eV triples, one after the other",
      side);
  rows.push_back(oscillators_row<S, M>(info(lorentz.c_str(), (key + "_lorentz").c_str(),
                                            (flag + "-lorentz").c_str(), oscillators.c_str(), "",
                                            lorentz_help.c_str(), non_negative())));
}

template <class S>
void add_media_rows(std::vector<Parameter<S>>& rows) {
  add_medium_rows<S, &S::substrate>(rows, "substrate", "below the ribbons");
  add_medium_rows<S, &S::superstrate>(
      rows, "superstrate", "above the ribbons (the emitter's side, the absorbance's incidence side)");
}
template <class S>
Parameter<S> gamma_row() {
  return number<S, &S::gamma_eV>(info("gamma_eV", "ribbon.gamma_eV", "--gamma", "Gamma", "eV",
                                      "damping hbar/tau of the conductivity", positive()));
}
template <class S>
Parameter<S> conductivity_row() {
  return word<S, &S::conductivity, &ConductivityModel::kind>(
      info("conductivity", "ribbon.conductivity", "--conductivity", "conductivity", "",
           "sheet conductivity: drude (intraband) or rpa (intra- plus interband at temperature T)",
           {}),
      std::vector<std::pair<std::string, Conductivity>>{{"drude", Conductivity::Drude},
                                                        {"rpa", Conductivity::Rpa}});
}
template <class S>
Parameter<S> temperature_row() {
  return number<S, &S::conductivity, &ConductivityModel::temperature_K>(
      info("temperature_K", "ribbon.temperature_K", "--temperature", "temperature", "K",
           "temperature T of the conductivity", non_negative()));
}

template <class S>
void add_ribbon_rows(std::vector<Parameter<S>>& rows, ParameterKind width_kind,
                     const char* width_help) {
  rows.push_back(
      integer<S, &S::cells>(info("cells", "ribbon.cells", "--cells", "cells", "",
                                 "finite-volume cells across each ribbon", in_range(2, 20000))));
  rows.push_back(width_row<S>(width_kind, width_help));
  rows.push_back(column<S>(info("widths_nm", "ribbon.strip.width_nm", "--widths", "width", "nm",
                                "widths W_0,W_1,... of several ribbons side by side, left to right "
                                "(instead of the one width)",
                                positive()),
                           &RibbonSpec::width_nm, false));
  rows.back().group = "widths";
  rows.push_back(column<S>(info("gaps_nm", "ribbon.strip.gap_nm", "--gaps", "gap", "nm",
                                "edge-to-edge gaps g_1,... before each ribbon after the first "
                                "(R - 1 values)",
                                positive()),
                           &RibbonSpec::gap_nm, true));
  rows.push_back(column<S>(
      info("ef_ratios", "ribbon.strip.ef_ratio", "--ef-ratios", "E_F ratio", "",
           "E_F,r / E_F,0 of each ribbon (R values, the first 1; default all 1)", positive()),
      &RibbonSpec::ef_ratio, false));
  rows.push_back(number<S, &S::geometry, &Geometry::period_nm>(info(
      "period_nm", "ribbon.period_nm", "--period", "period", "nm",
      "period L of an array whose unit cell is the listed ribbons; 0: isolated", non_negative())));
  rows.push_back(eps_row<S>());
  if constexpr (has_media<S>::value) add_media_rows(rows);
  if constexpr (!std::is_same_v<S, ModesSetup>)  // the modes do not depend on the damping
    rows.push_back(gamma_row<S>());
  rows.push_back(conductivity_row<S>());
  rows.push_back(temperature_row<S>());
}

template <class S, auto... Ms>
Parameter<S> method_row(const char* help) {
  return word<S, Ms...>(info("method", "engine.method", "--method", "method", "", help, {}),
                        method_words());
}

template <class S>
const Parameter<S>& row_of(const Schema<S>& schema, const std::string& name) {
  const Parameter<S>* p = schema.find(name);
  if (!p) throw Error(fmt::format("internal: the {} table has no row '{}'", schema.study, name));
  return *p;
}

template <class S>
const Parameter<S>* column_row(const Schema<S>& schema, double RibbonSpec::*field) {
  for (const auto& p : schema.rows)
    if (p.kind == ParameterKind::Column && p.column == field) return &p;
  return nullptr;
}

// ---- from a front end's value to the row's canonical one ------------------------------------

std::string expected(const ParameterInfo& p) {
  switch (p.kind) {
    case ParameterKind::Integer:
      return "an integer";
    case ParameterKind::Number:
      return "a number";
    case ParameterKind::Optional:
      return p.words.empty() ? "a number" : fmt::format("a number or \"{}\"", p.words[0]);
    case ParameterKind::List:
    case ParameterKind::Column:
      return "a list of numbers";
    case ParameterKind::Word:
      return fmt::format("one of {}", fmt::join(p.words, "|"));
    case ParameterKind::Table:
      return "a list of numbers or a file name";
    case ParameterKind::Medium:
      return "a number or a file name";
    case ParameterKind::Oscillators:
      return "(strength, hw0_eV, gamma_eV) triples";
  }
  return "a value";
}

std::string describe(const Value& v) {
  struct {
    std::string operator()(std::monostate) const { return "nothing"; }
    std::string operator()(Index i) const { return fmt::format("the integer {}", i); }
    std::string operator()(double d) const { return fmt::format("the number {}", num(d)); }
    std::string operator()(const std::string& s) const { return fmt::format("'{}'", s); }
    std::string operator()(const std::vector<double>&) const { return "a list"; }
    std::string operator()(const Text& t) const { return fmt::format("'{}'", t.text); }
  } d;
  return std::visit(d, v);
}

Value canonical(const ParameterInfo& p, const Value& v) {
  const auto* text = std::get_if<Text>(&v);
  auto wrong = [&]() -> Value {
    throw Error(fmt::format("expected {}, got {}", expected(p), describe(v)));
  };
  auto numbers = [&]() -> Value {
    if (text) return parse_grid(text->text, "");
    if (const auto* l = std::get_if<std::vector<double>>(&v)) return *l;
    if (const auto* d = std::get_if<double>(&v)) return std::vector<double>{*d};
    if (const auto* i = std::get_if<Index>(&v)) return std::vector<double>{double(*i)};
    return wrong();
  };
  switch (p.kind) {
    case ParameterKind::Integer:
      if (text) return Value(std::in_place_type<Index>, parse_integer(text->text));
      if (std::holds_alternative<Index>(v)) return v;
      return wrong();
    case ParameterKind::Optional:
      if (std::holds_alternative<std::monostate>(v)) return v;
      if (!p.words.empty()) {
        const std::string* w = text ? &text->text : std::get_if<std::string>(&v);
        if (w && *w == p.words[0]) return Value();
      }
      [[fallthrough]];
    case ParameterKind::Number:
      if (text) return value_of(parse_number(text->text, ""));
      if (const auto* i = std::get_if<Index>(&v)) return value_of(double(*i));
      if (std::holds_alternative<double>(v)) return v;
      return wrong();
    case ParameterKind::List:
    case ParameterKind::Column:
      return numbers();
    case ParameterKind::Word: {
      const std::string* w = text ? &text->text : std::get_if<std::string>(&v);
      if (w && std::find(p.words.begin(), p.words.end(), *w) != p.words.end()) return *w;
      return wrong();
    }
    case ParameterKind::Table:
      if (text) return text->text;  // a file name
      if (std::holds_alternative<std::string>(v) || std::holds_alternative<std::monostate>(v))
        return v;
      return numbers();
    case ParameterKind::Medium:
      if (text) {  // a number, else a file name
        try {
          return value_of(parse_number(text->text, ""));
        } catch (const Error&) {
          return text->text;
        }
      }
      if (const auto* i = std::get_if<Index>(&v)) return value_of(double(*i));
      if (std::holds_alternative<double>(v) || std::holds_alternative<std::string>(v) ||
          std::holds_alternative<std::monostate>(v))
        return v;
      return wrong();
    case ParameterKind::Oscillators:
      if (std::holds_alternative<std::monostate>(v)) return v;
      return numbers();
  }
  return wrong();
}

// ---- checks on a setup ----------------------------------------------------------------------

template <class S>
std::optional<Problem> check_row(const Parameter<S>& p, const S& s) {
  const Value v = p.get(s);
  auto bad = [&](double x, const std::string& where) -> std::optional<Problem> {
    if (!p.check.ok || (std::isfinite(x) && p.check.ok(x))) return std::nullopt;
    return Problem{p.name, fmt::format("{} must be {}, got {}{}", p.label_with_unit(), p.check.rule,
                                       num(x), where)};
  };
  if (const auto* d = std::get_if<double>(&v)) return bad(*d, "");
  if (const auto* i = std::get_if<Index>(&v)) return bad(double(*i), "");
  if (const auto* l = std::get_if<std::vector<double>>(&v)) {
    if (l->empty())
      return Problem{p.name, fmt::format("no {} given (the list is empty)", p.label)};  // a List
    for (size_t k = 0; k < l->size(); ++k) {
      const size_t ribbon = k + (p.between ? 1 : 0);
      if (auto problem = bad(
              (*l)[k], p.kind == ParameterKind::Column ? fmt::format(" (ribbon {})", ribbon) : ""))
        return problem;
    }
    if (p.increasing)
      for (size_t k = 1; k < l->size(); ++k)
        if (!((*l)[k] > (*l)[k - 1]))
          return Problem{p.name, fmt::format("{} must be strictly increasing, got {} after {}",
                                             p.label, num((*l)[k]), num((*l)[k - 1]))};
  }
  return std::nullopt;
}

std::optional<double> known_width(double w) { return w; }
std::optional<double> known_width(const std::optional<double>& w) { return w; }

// The rules of the ribbons and the conductivity, common to every study: the system's own
// (system.hpp, written once there), after the two that only a setup can break.
template <class S>
std::optional<Problem> geometry_problem(const S& s) {
  if constexpr (!has_geometry<S>::value)
    return std::nullopt;
  else {
    const std::vector<RibbonSpec>& r = s.geometry.ribbons;
    const std::optional<double> w0 = known_width(s.width_nm);
    if (!r.empty() && w0 && *w0 != r[0].width_nm)
      return Problem{"width_nm", fmt::format("W_0 = {} nm must equal the first ribbon's width {} nm",
                                             num(*w0), num(r[0].width_nm))};
    if (r.empty() && !w0 && s.geometry.period_nm > 0)
      return Problem{"period_nm", "a period needs the ribbon width"};
    if (auto p = first_problem(system_of(s))) return Problem{p->field, p->text};
    return std::nullopt;
  }
}

// The rules of the media that their rows alone cannot see: oscillators need a number to add
// to, and a table must cover the hw grid (it does not extrapolate).
template <class S>
std::optional<Problem> media_problem(const S& s) {
  if constexpr (!has_media<S>::value)
    return std::nullopt;
  else {
    for (const auto& [m, name] : {std::pair<const MediumSpec*, std::string>{&s.substrate, "substrate"},
                                  {&s.superstrate, "superstrate"}}) {
      const std::string lorentz = name + "_lorentz";
      for (size_t k = 0; k < m->oscillators.size(); ++k)
        if (!(m->oscillators[k].hw0_eV > 0))
          return Problem{lorentz, fmt::format("{} must be > 0, got {} (oscillator {})",
                                              oscillator_fields[1],
                                              num(m->oscillators[k].hw0_eV), k)};
      if (!m->oscillators.empty() && m->table)
        return Problem{lorentz, fmt::format("the oscillators add to a number (eps_inf), but the "
                                            "{} is the table {}, which holds the whole eps",
                                            name, m->table->source())};
      if (!m->oscillators.empty() && !m->eps)
        return Problem{lorentz, fmt::format("the oscillators add to a background eps_inf: give it "
                                            "as the {} (a number)", name)};
      if (m->table && !s.hw_eV.empty()) {
        const auto [lo, hi] = std::minmax_element(s.hw_eV.begin(), s.hw_eV.end());
        if (!m->table->covers(*lo) || !m->table->covers(*hi))
          return Problem{name, fmt::format("the table {} does not cover the hw grid ({} to {} "
                                           "eV); it is not extrapolated",
                                           m->table->source(), num(*lo), num(*hi))};
      }
    }
    return std::nullopt;
  }
}

// ---- the tables -----------------------------------------------------------------------------

std::optional<Problem> emitter_consistency(const EmitterSetup& s) {
  if (!s.cross_section.empty() && s.cross_section.size() != s.hw_eV.size())
    return Problem{"cross_section", fmt::format("{} values for {} hw points",
                                                s.cross_section.size(), s.hw_eV.size())};
  if (s.observation_x_nm.has_value() != s.observation_z_nm.has_value())
    return Problem{s.observation_x_nm ? "observation_x_nm" : "observation_z_nm",
                   "the observation point needs both x and z"};
  if (s.has_observation() && !(std::hypot(*s.observation_x_nm - s.emitter_x_nm,
                                          *s.observation_z_nm - s.emitter_z_nm) > 1e-6))
    return Problem{"observation_z_nm", "the observation point coincides with the emitter"};
  if (s.observable == EmitterObservable::Intensity && !s.has_observation())
    return Problem{"observable", "intensity needs an observation point (observation x and z)"};
  return std::nullopt;
}

Schema<EmitterSetup> make_emitter_table() {
  using S = EmitterSetup;
  Schema<S> t;
  t.study = "emitter";
  auto& r = t.rows;
  add_ribbon_rows(r, ParameterKind::Number, "ribbon width W (one ribbon)");
  r.push_back(number<S, &S::emitter_x_nm>(
      info("emitter_x_nm", "emitter.x_nm", "--x", "emitter x", "nm",
           "emitter x from the first ribbon's left edge (W/2: above the centre)", finite())));
  r.push_back(
      number<S, &S::emitter_z_nm>(info("emitter_z_nm", "emitter.z_nm", "--z", "emitter height z",
                                       "nm", "emitter height above the sheet", positive())));
  r.push_back(optional<S, &S::orientation_deg>(
      info("orientation_deg", "emitter.orientation", "--orientation", "orientation", "deg",
           "dipole angle from the z axis in the x-z plane, or average over it", finite()),
      "average"));
  r.push_back(number<S, &S::line_center_eV>(info("line_center_eV", "emitter.line_center_eV",
                                                 "--line-center", "line centre", "eV",
                                                 "emitter line centre hw_e", positive())));
  r.push_back(number<S, &S::line_width_eV>(
      info("line_width_eV", "emitter.line_width_eV", "--line-width", "line width", "eV",
           "FWHM gamma_e of the Lorentzian line", positive())));
  r.push_back(table<S, &S::cross_section>(info("cross_section", "emitter.cross_section",
                                               "--cross-section", "cross section", "",
                                               "factor on the line per hw: a file of two columns "
                                               "(hw_eV, factor), interpolated onto the hw grid, "
                                               "or one value per hw; unset: 1",
                                               non_negative())));
  r.push_back(optional<S, &S::observation_x_nm>(
      info("observation_x_nm", "observation.x_nm", "--observation-x", "observation x", "nm",
           "observation point x (with z: the intensity's point)", finite())));
  r.push_back(optional<S, &S::observation_z_nm>(info("observation_z_nm", "observation.z_nm",
                                                     "--observation-z", "observation z", "nm",
                                                     "observation point height z", positive())));
  r.push_back(list<S, &S::fermi_eV>(info("fermi_eV", "sweep.fermi_eV", "--ef", "Fermi energy", "eV",
                                         "Fermi energies E_F,0", positive())));
  r.push_back(list<S, &S::hw_eV>(info("hw_eV", "sweep.hw_eV", "--hw", "photon energy", "eV",
                                      "photon energies, increasing", positive()),
                                 true));
  r.push_back(integer<S, &S::q_points>(
      info("q_points", "quadrature.q_points", "--q-points", "q_points", "",
           "q nodes, 4k+1 (Simpson, with the coarse rule on every other node)",
           {"4k + 1 with k >= 1", [](double v) { return v >= 5 && std::fmod(v - 1, 4) == 0; }})));
  r.push_back(number<S, &S::q_max_per_nm>(
      info("q_max_per_nm", "quadrature.q_max_per_nm", "--q-max", "q_max", "1/nm",
           "end of the q integral; 0: 8 / z, where exp(-2 q z) = 1e-7", non_negative())));
  r.push_back(number<S, &S::q_scale_per_nm>(
      info("q_scale_per_nm", "quadrature.q_scale_per_nm", "--q-scale", "q scale", "1/nm",
           "a of the nodes q = a (e^t - 1); 0: 1 / W_0", non_negative())));
  r.push_back(word<S, &S::observable>(
      info("observable", "output.observable", "--observable", "observable", "",
           "purcell, or intensity at the observation point", {}),
      std::vector<std::pair<std::string, EmitterObservable>>{
          {"purcell", EmitterObservable::Purcell}, {"intensity", EmitterObservable::Intensity}}));
  r.push_back(method_row<S, &S::engine, &Options::method>("engine route for each A(q)"));
  t.consistency = emitter_consistency;
  return t;
}

Schema<AbsorptionSetup> make_absorption_table() {
  using S = AbsorptionSetup;
  Schema<S> t;
  t.study = "absorption";
  auto& r = t.rows;
  add_ribbon_rows(r, ParameterKind::Number, "ribbon width W (one ribbon)");
  r.push_back(list<S, &S::fermi_eV>(info("fermi_eV", "sweep.fermi_eV", "--ef", "Fermi energy", "eV",
                                         "Fermi energies E_F,0, one spectrum each", positive())));
  r.push_back(list<S, &S::hw_eV>(
      info("hw_eV", "sweep.hw_eV", "--hw", "photon energy", "eV", "photon energies", positive())));
  r.push_back(method_row<S, &S::options, &Options::method>("engine route for A(0)"));
  t.consistency = [](const S&) { return std::optional<Problem>(); };
  return t;
}

Schema<ModesSetup> make_modes_table() {
  using S = ModesSetup;
  Schema<S> t;
  t.study = "modes";
  auto& r = t.rows;
  add_ribbon_rows(r, ParameterKind::Optional,
                  "ribbon width W (one ribbon; with the Fermi energy gives hw_j)");
  r.push_back(list<S, &S::qW>(info("qW", "modes.qW", "--qw", "qW", "",
                                   "wavevectors q W_0 along the ribbon", non_negative())));
  r.push_back(integer<S, &S::count>(
      info("count", "modes.count", "--count", "count", "", "modes listed per qW", at_least(1))));
  r.push_back(
      optional<S, &S::fermi_eV>(info("fermi_eV", "modes.fermi_eV", "--ef", "Fermi energy", "eV",
                                     "E_F,0 (with the width gives hw_j)", positive())));
  r.push_back(method_row<S, &S::options, &Options::method>("engine route (must give eigenvalues)"));
  t.consistency = [](const S& s) {
    // E_F,0 enters eta through the Drude-weight ratios at T > 0 with unequal E_F.
    if (!s.fermi_eV && weights_depend_on_fermi(system_of(s)))
      return std::optional<Problem>(Problem{
          "fermi_eV", "at T > 0 the Drude-weight ratios of unequal E_F depend on E_F,0: give it"});
    return std::optional<Problem>();
  };
  return t;
}

Schema<ConductivitySetup> make_conductivity_table() {
  using S = ConductivitySetup;
  Schema<S> t;
  t.study = "conductivity";
  auto& r = t.rows;
  r.push_back(
      number<S, &S::fermi_eV>(info("fermi_eV", "sheet.fermi_eV", "--ef", "Fermi energy", "eV",
                                   "Fermi energy E_F (= the chemical potential)", positive())));
  r.push_back(gamma_row<S>());
  r.push_back(conductivity_row<S>());
  r.push_back(temperature_row<S>());
  r.push_back(list<S, &S::hw_eV>(
      info("hw_eV", "sweep.hw_eV", "--hw", "photon energy", "eV", "photon energies", positive())));
  r.push_back(eps_row<S>());
  r.push_back(number<S, &S::width_nm>(info("width_nm", "ribbon.width_nm", "--width", "width", "nm",
                                           "ribbon width W of the shift", positive())));
  return t;
}

template <class S>
void throw_problem(const Schema<S>& schema, const Problem& p) {
  throw Error(fmt::format("{}: {}", row_of(schema, p.name).key, p.text));
}

}  // namespace

// ---- public ---------------------------------------------------------------------------------

std::string ParameterInfo::label_with_unit() const {
  return unit.empty() ? label : fmt::format("{} ({})", label, unit);
}

std::string ParameterInfo::type_name() const {
  switch (kind) {
    case ParameterKind::Integer:
      return "INT";
    case ParameterKind::Number:
      return "FLOAT";
    case ParameterKind::Optional:
      return words.empty() ? "FLOAT" : fmt::format("FLOAT|{}", words[0]);
    case ParameterKind::List:
    case ParameterKind::Column:
      return "LIST";
    case ParameterKind::Word:
      return fmt::format("{}", fmt::join(words, "|"));
    case ParameterKind::Table:
      return "FILE";
    case ParameterKind::Medium:
      return "FLOAT|FILE";
    case ParameterKind::Oscillators:
      return "S,HW0,GAMMA,...";
  }
  return "VALUE";
}

bool ParameterInfo::excludes(const ParameterInfo& other) const {
  if (this == &other || group.empty() || group != other.group) return false;
  return together.empty() || together != other.together;
}

template <class S>
const Parameter<S>* Schema<S>::find(std::string_view name) const {
  for (const auto& p : rows)
    if (p.name == name) return &p;
  return nullptr;
}

const Schema<ModesSetup>& modes_parameters() {
  static const Schema<ModesSetup> t = make_modes_table();
  return t;
}
const Schema<AbsorptionSetup>& absorption_parameters() {
  static const Schema<AbsorptionSetup> t = make_absorption_table();
  return t;
}
const Schema<EmitterSetup>& emitter_parameters() {
  static const Schema<EmitterSetup> t = make_emitter_table();
  return t;
}
const Schema<ConductivitySetup>& conductivity_parameters() {
  static const Schema<ConductivitySetup> t = make_conductivity_table();
  return t;
}

std::vector<double> parse_grid(const std::string& text, const std::string& what) {
  const std::string prefix = what.empty() ? "" : what + ": ";
  std::vector<std::string> parts;
  const char sep = text.find(':') != std::string::npos ? ':' : ',';
  for (size_t start = 0;;) {
    const size_t end = text.find(sep, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  if (sep == ':') {
    require(parts.size() == 3, fmt::format("{}a range is from:to:count, got '{}'", prefix, text));
    const double count = parse_number(parts[2], what);
    require(count >= 1 && count <= kMaxGridCount && count == std::floor(count),
            fmt::format("{}count must be an integer in [1, 1e7], got '{}'", prefix, parts[2]));
    return linspace(parse_number(parts[0], what), parse_number(parts[1], what),
                    static_cast<Index>(count));
  }
  std::vector<double> v;
  for (const auto& p : parts) v.push_back(parse_number(p, what));
  return v;
}

namespace {

// The evenly spaced list as (from, to, count) when linspace gives it back bit for bit.
std::optional<std::tuple<double, double, Index>> as_range(const std::vector<double>& v) {
  if (v.size() < 5) return std::nullopt;  // a short list reads better as itself
  const Index n = static_cast<Index>(v.size());
  if (linspace(v.front(), v.back(), n) != v) return std::nullopt;
  return std::make_tuple(v.front(), v.back(), n);
}

std::string toml_value(const Value& v) {
  struct {
    std::string operator()(std::monostate) const { return ""; }
    std::string operator()(Index i) const { return fmt::format("{}", i); }
    std::string operator()(double d) const { return num(d); }
    std::string operator()(const std::string& s) const {
      std::string out = "\"";
      for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
      }
      return out + "\"";
    }
    std::string operator()(const std::vector<double>& l) const {
      if (auto r = as_range(l))
        return fmt::format("{{ from = {}, to = {}, count = {} }}", num(std::get<0>(*r)),
                           num(std::get<1>(*r)), std::get<2>(*r));
      std::vector<std::string> items;
      for (double d : l) items.push_back(num(d));
      return fmt::format("[{}]", fmt::join(items, ", "));
    }
    std::string operator()(const Text& t) const { return (*this)(t.text); }
  } f;
  return std::visit(f, v);
}

}  // namespace

std::string to_text(const Value& v) {
  if (const auto* l = std::get_if<std::vector<double>>(&v)) {
    if (auto r = as_range(*l))
      return fmt::format("{}:{}:{}", num(std::get<0>(*r)), num(std::get<1>(*r)), std::get<2>(*r));
    std::vector<std::string> items;
    for (double d : *l) items.push_back(num(d));
    return fmt::format("{}", fmt::join(items, ","));
  }
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* t = std::get_if<Text>(&v)) return t->text;
  if (std::holds_alternative<std::monostate>(v)) return "";
  return toml_value(v);
}

template <class S>
std::optional<Problem> first_problem(const Schema<S>& schema, const S& s) {
  for (const auto& p : schema.rows)
    if (auto problem = check_row(p, s)) return problem;
  if (auto problem = geometry_problem(s)) return problem;
  if (auto problem = media_problem(s)) return problem;
  if (schema.consistency) return schema.consistency(s);
  return std::nullopt;
}

// The ribbons from the columns given: R from the widths (or 1 from the one-ribbon width),
// R - 1 gaps, R ratios; W_0 then takes the first width.
template <class S, class Apply, class Origin>
void assemble_ribbons(const Schema<S>& schema, S& s, const Apply& apply, const Origin& origin) {
  const Parameter<S>* widths_row = column_row(schema, &RibbonSpec::width_nm);
  const Parameter<S>* gaps_row = column_row(schema, &RibbonSpec::gap_nm);
  const Parameter<S>* ratios_row = column_row(schema, &RibbonSpec::ef_ratio);
  std::vector<double> widths, gaps, ratios;
  const std::optional<Value> w = apply(*widths_row, s), g = apply(*gaps_row, s),
                             e = apply(*ratios_row, s);
  if (w) widths = std::get<std::vector<double>>(*w);
  if (g) gaps = std::get<std::vector<double>>(*g);
  if (e) ratios = std::get<std::vector<double>>(*e);
  if (w || g || e) {
    const size_t R = w ? widths.size() : 1;
    const std::string ribbons_from = w ? "from " + origin(widths_row->name) : "no widths listed";
    auto plural = [](size_t n, const char* word) {
      return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
    };
    if (R == 0) throw Error(fmt::format("{}: no ribbon widths given", origin(widths_row->name)));
    if (g && gaps.size() != R - 1)
      throw Error(fmt::format("{}: {} for {} ({}): give R - 1 = {}", origin(gaps_row->name),
                              plural(gaps.size(), "gap"), plural(R, "ribbon"), ribbons_from,
                              R - 1));
    if (!g && R > 1)
      throw Error(
          fmt::format("{}: {} need R - 1 = {} (edge to edge, before each ribbon after the first)",
                      origin(widths_row->name), plural(R, "ribbon"), plural(R - 1, "gap")));
    if (e && ratios.size() != R)
      throw Error(fmt::format("{}: {} for {} ({}): give one per ribbon", origin(ratios_row->name),
                              plural(ratios.size(), "E_F ratio"), plural(R, "ribbon"),
                              ribbons_from));
    if (w) {
      s.geometry.ribbons.assign(R, RibbonSpec{0.0});
      for (size_t k = 0; k < R; ++k) {
        s.geometry.ribbons[k].width_nm = widths[k];
        if (k > 0) s.geometry.ribbons[k].gap_nm = gaps[k - 1];
        if (e) s.geometry.ribbons[k].ef_ratio = ratios[k];
      }
      row_of(schema, "width_nm").set(s, value_of(widths[0]));  // W_0 sets the scale
    } else if (e && ratios[0] != 1) {
      throw Error(fmt::format("{}: the first ratio is E_F,0 / E_F,0 = 1, got {}",
                              origin(ratios_row->name), num(ratios[0])));
    }
  }
}

template <class S>
S assemble(const Schema<S>& schema, const std::vector<Given>& given) {
  // The value each row takes: the highest source wins; within one group only one row may win.
  std::map<std::string, const Given*> chosen;
  for (const Given& g : given) {
    if (!schema.find(g.name)) {
      std::vector<std::string> names;
      for (const auto& p : schema.rows) names.push_back(p.name);
      throw Error(fmt::format("{}: unknown parameter '{}' of the {} study (known: {})", g.origin,
                              g.name, schema.study, fmt::join(names, ", ")));
    }
    const Given*& slot = chosen[g.name];
    if (!slot || g.source >= slot->source) slot = &g;
  }
  for (const auto& p : schema.rows) {
    if (p.group.empty() || !chosen.count(p.name)) continue;
    for (const auto& q : schema.rows) {
      if (!p.excludes(q) || !chosen.count(q.name)) continue;
      const Given* a = chosen[p.name];
      const Given* b = chosen[q.name];
      if (a->source == b->source)
        throw Error(
            fmt::format("{}: give either {} or {}, not both", b->origin, a->origin, b->origin));
      chosen.erase(a->source < b->source ? p.name : q.name);
      break;
    }
  }
  auto origin = [&](const std::string& name) {
    const auto it = chosen.find(name);
    return it != chosen.end() ? it->second->origin : row_of(schema, name).key;
  };
  auto apply = [&](const Parameter<S>& p, S& s) -> std::optional<Value> {
    const auto it = chosen.find(p.name);
    if (it == chosen.end()) return std::nullopt;
    try {
      Value v = canonical(p, it->second->value);
      p.set(s, v);
      return v;
    } catch (const Error& e) {
      throw Error(fmt::format("{}: {}", it->second->origin, e.what()), e.kind());
    }
  };

  S s{};
  for (const auto& p : schema.rows)
    if (p.kind != ParameterKind::Column && p.kind != ParameterKind::Table) apply(p, s);

  if constexpr (has_geometry<S>::value) assemble_ribbons(schema, s, apply, origin);
  for (const auto& p : schema.rows)
    if (p.kind == ParameterKind::Table) apply(p, s);

  std::optional<Problem> problem = first_problem(schema, s);
  if (problem) throw Error(fmt::format("{}: {}", origin(problem->name), problem->text));
  return s;
}

template <class S>
std::vector<std::pair<const Parameter<S>*, Value>> values(const Schema<S>& schema, const S& s) {
  std::vector<std::pair<const Parameter<S>*, Value>> out;
  for (const auto& p : schema.rows) {
    Value v = p.get(s);
    if (!std::holds_alternative<std::monostate>(v)) out.emplace_back(&p, std::move(v));
  }
  return out;
}

// All columns as one array of tables, as [[ribbon.strip]] would give it.
template <class S>
std::string ribbons_line(const Schema<S>& schema, const Parameter<S>& first, const S& s) {
  const std::string array = first.key.substr(0, first.key.rfind('.'));
  std::vector<std::string> entries;
  for (size_t k = 0; k < s.geometry.ribbons.size(); ++k) {
    std::vector<std::string> fields;
    for (const auto& c : schema.rows)
      if (c.kind == ParameterKind::Column && c.key.rfind(array + ".", 0) == 0 &&
          !(c.between && k == 0))
        fields.push_back(fmt::format("{} = {}", c.key.substr(array.size() + 1),
                                     num(s.geometry.ribbons[k].*c.column)));
    entries.push_back(fmt::format("{{ {} }}", fmt::join(fields, ", ")));
  }
  return fmt::format("{} = [{}]\n", array, fmt::join(entries, ", "));
}

template <class S>
std::string to_toml(const Schema<S>& schema, const S& s) {
  std::string out;
  bool ribbons_written = false;
  for (const auto& p : schema.rows) {
    if (p.kind == ParameterKind::Column) {
      if constexpr (has_geometry<S>::value) {
        if (!ribbons_written && !s.geometry.ribbons.empty()) out += ribbons_line(schema, p, s);
        ribbons_written = true;
      }
      continue;
    }
    const Value v = p.get(s);
    if (std::holds_alternative<std::monostate>(v)) {
      // Another spelling of the same quantity (the listed widths for the one width, the media
      // for eps_eff) says it; an optional row (a medium) is still listed, as a comment.
      const bool said = p.together.empty() &&
                        std::any_of(schema.rows.begin(), schema.rows.end(), [&](const auto& q) {
                          return p.excludes(q) &&
                                 !std::holds_alternative<std::monostate>(q.get(s));
                        });
      if (!said) out += fmt::format("# {}: not set\n", p.key);
      continue;
    }
    if (p.kind == ParameterKind::Oscillators) {  // an array of tables, one per oscillator
      const auto& l = std::get<std::vector<double>>(v);
      std::vector<std::string> entries;
      for (size_t k = 0; k + 2 < l.size(); k += 3)
        entries.push_back(fmt::format("{{ {} = {}, {} = {}, {} = {} }}", oscillator_fields[0],
                                      num(l[k]), oscillator_fields[1], num(l[k + 1]),
                                      oscillator_fields[2], num(l[k + 2])));
      out += fmt::format("{} = [{}]\n", p.key, fmt::join(entries, ", "));
      continue;
    }
    out += fmt::format("{} = {}\n", p.key, toml_value(v));
  }
  return out;
}

namespace {
template <class S>
void validate_against(const Schema<S>& schema, const S& s) {
  std::optional<Problem> p = first_problem(schema, s);
  if (p) throw_problem(schema, *p);
}
}  // namespace

void validate(const EmitterSetup& s) { validate_against(emitter_parameters(), s); }
void validate(const AbsorptionSetup& s) { validate_against(absorption_parameters(), s); }
void validate(const ModesSetup& s) { validate_against(modes_parameters(), s); }
void validate(const ConductivitySetup& s) { validate_against(conductivity_parameters(), s); }

namespace {
template <class S>
Geometry geometry_with_width(const S& s, double w0) {
  if (!s.geometry.ribbons.empty()) return s.geometry;
  return Geometry{{RibbonSpec{w0}}, s.geometry.period_nm};
}
}  // namespace

Geometry geometry_of(const AbsorptionSetup& s) { return geometry_with_width(s, s.width_nm); }
Geometry geometry_of(const EmitterSetup& s) { return geometry_with_width(s, s.width_nm); }
Geometry geometry_of(const ModesSetup& s) {
  return geometry_with_width(s, s.width_nm.value_or(1.0));
}

namespace {
template <class S>
RibbonSystem system_with(const S& s) {
  RibbonSystem system;
  system.geometry = geometry_of(s);
  system.conductivity = s.conductivity;
  system.cells = s.cells;
  return system;
}

template <class S>
Surroundings surroundings_with(const S& s) {
  if (!media_given(s)) return Surroundings::uniform(s.eps_eff);
  Surroundings m;
  m.above = s.superstrate.permittivity();
  m.below = s.substrate.permittivity();
  return m;
}
}  // namespace

Surroundings surroundings_of(const AbsorptionSetup& s) { return surroundings_with(s); }
Surroundings surroundings_of(const EmitterSetup& s) { return surroundings_with(s); }

RibbonSystem system_of(const AbsorptionSetup& s) { return system_with(s); }
RibbonSystem system_of(const EmitterSetup& s) { return system_with(s); }
RibbonSystem system_of(const ModesSetup& s) { return system_with(s); }

std::string to_string(Conductivity c) { return c == Conductivity::Rpa ? "rpa" : "drude"; }
std::string to_string(EmitterObservable o) {
  return o == EmitterObservable::Purcell ? "purcell" : "intensity";
}

#define SPECSWEEP_RIBBON_PARAMETERS(S)                                                            \
  template struct Schema<S>;                                                                      \
  template S assemble(const Schema<S>&, const std::vector<Given>&);                               \
  template std::optional<Problem> first_problem(const Schema<S>&, const S&);                      \
  template std::vector<std::pair<const Parameter<S>*, Value>> values(const Schema<S>&, const S&); \
  template std::string to_toml(const Schema<S>&, const S&);
SPECSWEEP_RIBBON_PARAMETERS(ModesSetup)
SPECSWEEP_RIBBON_PARAMETERS(AbsorptionSetup)
SPECSWEEP_RIBBON_PARAMETERS(EmitterSetup)
SPECSWEEP_RIBBON_PARAMETERS(ConductivitySetup)
#undef SPECSWEEP_RIBBON_PARAMETERS

}  // namespace specsweep::ribbon
