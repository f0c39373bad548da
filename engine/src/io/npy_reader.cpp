// The strict .npy reader. Everything the header claims is checked against limits and against
// the file size before a single data byte is allocated, so a hostile header cannot make the
// reader allocate, overflow or read past the end.
#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>

#include "specsweep/error.hpp"
#include "specsweep/io/npy.hpp"

namespace specsweep::io {
namespace {

constexpr unsigned char kMagic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
constexpr bool kHostLittleEndian = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;

[[noreturn]] void fail(const std::string& name, const std::string& problem) {
  throw Error(name + ": " + problem, ErrorKind::Input);
}

enum class Kind { Float, Complex, Signed, Unsigned, Bool };

struct Dtype {
  Kind kind = Kind::Float;
  std::size_t itemsize = 8;  ///< bytes per element (both parts for complex)
  bool swap = false;         ///< stored in the other byte order than the host's
  std::string descr;
};

struct Header {
  Dtype dtype;
  bool fortran_order = false;
  std::vector<Index> shape;
  std::size_t count = 0;        ///< number of elements
  std::size_t data_offset = 0;  ///< bytes before the data
  std::size_t data_bytes = 0;
};

// Maps a descr such as '<f8' to a supported dtype or names why it is not one.
Dtype parse_descr(const std::string& descr, const std::string& name) {
  if (descr.size() < 2) fail(name, fmt::format("unknown dtype '{}'", descr));
  const char order = descr[0];
  if (order != '<' && order != '>' && order != '|' && order != '=')
    fail(name, fmt::format("unknown dtype '{}' (no byte-order mark)", descr));
  const char type = descr[1];
  switch (type) {
    case 'U': case 'S': case 'a':
      fail(name, fmt::format("string dtype '{}' is not supported; save a float or complex array", descr));
    case 'O':
      fail(name, fmt::format("object dtype '{}' is not supported; save a float or complex array", descr));
    case 'V':
      fail(name, fmt::format("structured/void dtype '{}' is not supported", descr));
    case 'M': case 'm':
      fail(name, fmt::format("datetime dtype '{}' is not supported", descr));
    default: break;
  }
  const std::string digits = descr.substr(2);
  if (digits.empty() || digits.size() > 2 ||
      digits.find_first_not_of("0123456789") != std::string::npos)
    fail(name, fmt::format("unknown dtype '{}'", descr));
  Dtype d;
  d.descr = descr;
  d.itemsize = static_cast<std::size_t>(std::stoi(digits));
  const std::size_t s = d.itemsize;
  if (type == 'f' && (s == 4 || s == 8)) d.kind = Kind::Float;
  else if (type == 'c' && (s == 8 || s == 16)) d.kind = Kind::Complex;
  else if (type == 'i' && (s == 1 || s == 2 || s == 4 || s == 8)) d.kind = Kind::Signed;
  else if (type == 'u' && (s == 1 || s == 2 || s == 4 || s == 8)) d.kind = Kind::Unsigned;
  else if (type == 'b' && s == 1) d.kind = Kind::Bool;
  else
    fail(name, fmt::format("unsupported dtype '{}' (use float32/64, complex64/128, int, uint or bool)", descr));
  const bool big = order == '>';
  const bool little = order == '<';
  d.swap = (big && kHostLittleEndian) || (little && !kHostLittleEndian);
  return d;
}

// A tiny parser for the header's Python dict literal, e.g.
//   {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }
// It accepts exactly the three keys NumPy writes and nothing else.
class HeaderDict {
 public:
  HeaderDict(const std::string& text, const std::string& name) : t_(text), name_(name) {}

  void parse(Header& h) {
    bool have_descr = false, have_order = false, have_shape = false;
    skip_ws();
    expect('{');
    for (;;) {
      skip_ws();
      if (peek() == '}') { ++i_; break; }
      const std::string key = string_literal();
      skip_ws();
      expect(':');
      skip_ws();
      if (key == "descr") {
        if (have_descr) bad("duplicate key 'descr'");
        if (peek() == '[') fail(name_, "structured dtype (a list descr) is not supported");
        h.dtype = parse_descr(string_literal(), name_);
        have_descr = true;
      } else if (key == "fortran_order") {
        if (have_order) bad("duplicate key 'fortran_order'");
        h.fortran_order = boolean();
        have_order = true;
      } else if (key == "shape") {
        if (have_shape) bad("duplicate key 'shape'");
        h.shape = tuple();
        have_shape = true;
      } else {
        bad(fmt::format("unexpected key '{}'", key));
      }
      skip_ws();
      if (peek() == ',') { ++i_; continue; }
      skip_ws();
      expect('}');
      break;
    }
    skip_ws();
    if (i_ != t_.size()) bad("text after the closing brace");
    if (!have_descr) bad("missing key 'descr'");
    if (!have_order) bad("missing key 'fortran_order'");
    if (!have_shape) bad("missing key 'shape'");
  }

 private:
  [[noreturn]] void bad(const std::string& what) {
    fail(name_, fmt::format("malformed .npy header: {}", what));
  }
  char peek() const { return i_ < t_.size() ? t_[i_] : '\0'; }
  void skip_ws() {
    while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\t' || t_[i_] == '\n' || t_[i_] == '\r')) ++i_;
  }
  void expect(char c) {
    if (peek() != c) bad(fmt::format("expected '{}' at byte {}", c, i_));
    ++i_;
  }
  std::string string_literal() {
    const char q = peek();
    if (q != '\'' && q != '"') bad(fmt::format("expected a quoted string at byte {}", i_));
    const std::size_t start = ++i_;
    while (i_ < t_.size() && t_[i_] != q) {
      if (t_[i_] == '\\') bad("escape sequences are not supported in the header");
      ++i_;
    }
    if (i_ >= t_.size()) bad("unterminated string");
    return t_.substr(start, i_++ - start);
  }
  bool boolean() {
    if (t_.compare(i_, 4, "True") == 0) { i_ += 4; return true; }
    if (t_.compare(i_, 5, "False") == 0) { i_ += 5; return false; }
    bad("fortran_order must be True or False");
  }
  std::vector<Index> tuple() {
    std::vector<Index> dims;
    bool trailing_comma = false;
    expect('(');
    skip_ws();
    while (peek() != ')') {
      dims.push_back(dimension());
      if (dims.size() > kNpyMaxRank) bad(fmt::format("more than {} dimensions", kNpyMaxRank));
      if (peek() == 'L') ++i_;  // Python 2 long suffix, written by old NumPy
      skip_ws();
      trailing_comma = peek() == ',';
      if (trailing_comma) { ++i_; skip_ws(); continue; }
      if (peek() != ')') bad(fmt::format("expected ',' or ')' in shape at byte {}", i_));
    }
    ++i_;
    // "(3)" is the integer 3 in Python, not a tuple; NumPy never writes it.
    if (dims.size() == 1 && !trailing_comma) bad("shape must be a tuple, e.g. (3,)");
    return dims;
  }
  Index dimension() {
    if (peek() < '0' || peek() > '9') bad(fmt::format("expected a non-negative integer in shape at byte {}", i_));
    constexpr Index kMax = std::numeric_limits<Index>::max();
    Index v = 0;
    while (peek() >= '0' && peek() <= '9') {
      const Index digit = t_[i_++] - '0';
      if (v > (kMax - digit) / 10) fail(name_, "shape dimension is too large");
      v = v * 10 + digit;
    }
    return v;
  }

  const std::string& t_;
  const std::string& name_;
  std::size_t i_ = 0;
};

std::uint32_t read_le(const unsigned char* p, int bytes) {
  std::uint32_t v = 0;
  for (int b = bytes - 1; b >= 0; --b) v = (v << 8) | p[b];
  return v;
}

// Parses preamble and header from the first `avail` bytes. Needs no data bytes.
Header parse_header(const unsigned char* p, std::size_t avail, const std::string& name) {
  if (avail < 10) fail(name, fmt::format("truncated file: {} bytes is too short for a .npy preamble", avail));
  if (std::memcmp(p, kMagic, sizeof kMagic) != 0) fail(name, "not a .npy file (bad magic string)");
  const int major = p[6], minor = p[7];
  if (major < 1 || major > 3 || minor != 0)
    fail(name, fmt::format("unsupported .npy format version {}.{} (1.0 to 3.0 are read)", major, minor));
  const std::size_t preamble = major == 1 ? 10 : 12;
  if (avail < preamble) fail(name, "truncated file: incomplete .npy preamble");
  const std::size_t header_len = read_le(p + 8, major == 1 ? 2 : 4);
  if (header_len > kNpyMaxHeaderBytes)
    fail(name, fmt::format("header of {} bytes is larger than the limit of {} bytes", header_len,
                           kNpyMaxHeaderBytes));
  if (avail - preamble < header_len)
    fail(name, fmt::format("truncated file: the header needs {} bytes but only {} follow",
                           header_len, avail - preamble));
  const std::string text(reinterpret_cast<const char*>(p + preamble), header_len);
  Header h;
  HeaderDict(text, name).parse(h);
  h.data_offset = preamble + header_len;
  std::size_t count = 1;
  for (Index d : h.shape)
    if (__builtin_mul_overflow(count, static_cast<std::size_t>(d), &count))
      fail(name, fmt::format("shape {} overflows the element count", shape_string(h.shape)));
  if (count == 0) fail(name, fmt::format("zero-size array of shape {}: nothing to compute on", shape_string(h.shape)));
  if (__builtin_mul_overflow(count, h.dtype.itemsize, &h.data_bytes) ||
      h.data_bytes > static_cast<std::size_t>(std::numeric_limits<std::ptrdiff_t>::max()))
    fail(name, fmt::format("shape {} overflows the data size", shape_string(h.shape)));
  h.count = count;
  return h;
}

void check_data_size(const Header& h, std::size_t file_size, const std::string& name) {
  const std::size_t have = file_size - h.data_offset;
  if (have < h.data_bytes)
    fail(name, fmt::format("truncated file: the header promises {} data bytes (shape {}, dtype '{}') "
                           "but only {} follow",
                           h.data_bytes, shape_string(h.shape), h.dtype.descr, have));
  if (have > h.data_bytes)
    fail(name, fmt::format("{} unexpected bytes after the {} data bytes the header describes",
                           have - h.data_bytes, h.data_bytes));
}

template <class T>
T load(const unsigned char* p, bool swap) {
  unsigned char b[sizeof(T)];
  std::memcpy(b, p, sizeof(T));
  if (swap)
    for (std::size_t i = 0; i < sizeof(T) / 2; ++i) std::swap(b[i], b[sizeof(T) - 1 - i]);
  T v;
  std::memcpy(&v, b, sizeof(T));
  return v;
}

double load_real(const unsigned char* p, const Dtype& d) {
  switch (d.kind) {
    case Kind::Float:
      return d.itemsize == 8 ? load<double>(p, d.swap) : static_cast<double>(load<float>(p, d.swap));
    case Kind::Signed:
      switch (d.itemsize) {
        case 1: return static_cast<double>(load<std::int8_t>(p, false));
        case 2: return static_cast<double>(load<std::int16_t>(p, d.swap));
        case 4: return static_cast<double>(load<std::int32_t>(p, d.swap));
        default: return static_cast<double>(load<std::int64_t>(p, d.swap));
      }
    case Kind::Unsigned:
      switch (d.itemsize) {
        case 1: return static_cast<double>(load<std::uint8_t>(p, false));
        case 2: return static_cast<double>(load<std::uint16_t>(p, d.swap));
        case 4: return static_cast<double>(load<std::uint32_t>(p, d.swap));
        default: return static_cast<double>(load<std::uint64_t>(p, d.swap));
      }
    case Kind::Bool: return p[0] != 0 ? 1.0 : 0.0;
    case Kind::Complex: break;
  }
  return 0.0;
}

// Decodes n elements starting at element `first` of the destination.
void decode(const unsigned char* src, std::size_t first, std::size_t n, const Dtype& d,
            NpyArray& out) {
  if (d.kind == Kind::Complex) {
    const std::size_t half = d.itemsize / 2;
    for (std::size_t i = 0; i < n; ++i) {
      const unsigned char* p = src + i * d.itemsize;
      out.complex[first + i] =
          half == 8 ? cplx(load<double>(p, d.swap), load<double>(p + 8, d.swap))
                    : cplx(load<float>(p, d.swap), load<float>(p + 4, d.swap));
    }
    return;
  }
  if (d.kind == Kind::Float && d.itemsize == 8 && !d.swap) {
    std::memcpy(out.real.data() + first, src, n * 8);
    return;
  }
  for (std::size_t i = 0; i < n; ++i) out.real[first + i] = load_real(src + i * d.itemsize, d);
}

template <class T>
std::vector<T> fortran_to_c(const std::vector<T>& f, const std::vector<Index>& shape) {
  const std::size_t rank = shape.size();
  std::vector<std::size_t> stride(rank);  // Fortran strides, in elements
  std::size_t s = 1;
  for (std::size_t a = 0; a < rank; ++a) { stride[a] = s; s *= static_cast<std::size_t>(shape[a]); }
  std::vector<T> c(f.size());
  std::vector<Index> idx(rank, 0);
  std::size_t off = 0;
  for (std::size_t i = 0; i < c.size(); ++i) {
    c[i] = f[off];
    for (std::size_t a = rank; a-- > 0;) {  // C order: last axis fastest
      if (++idx[a] < shape[a]) { off += stride[a]; break; }
      off -= stride[a] * static_cast<std::size_t>(shape[a] - 1);
      idx[a] = 0;
    }
  }
  return c;
}

NpyArray allocate(const Header& h) {
  NpyArray a;
  a.shape = h.shape;
  a.is_complex = h.dtype.kind == Kind::Complex;
  if (a.is_complex) a.complex.resize(h.count);
  else a.real.resize(h.count);
  return a;
}

void finish(NpyArray& a, const Header& h) {
  if (!h.fortran_order || a.shape.size() < 2) return;
  if (a.is_complex) a.complex = fortran_to_c(a.complex, a.shape);
  else a.real = fortran_to_c(a.real, a.shape);
}

}  // namespace

std::string shape_string(const std::vector<Index>& shape) {
  if (shape.size() == 1) return fmt::format("({},)", shape[0]);
  return fmt::format("({})", fmt::join(shape, ", "));
}

NpyArray parse_npy(const unsigned char* bytes, std::size_t size, const std::string& name) {
  const Header h = parse_header(bytes, size, name);
  check_data_size(h, size, name);
  NpyArray a = allocate(h);
  decode(bytes + h.data_offset, 0, h.count, h.dtype, a);
  finish(a, h);
  return a;
}

NpyArray read_npy(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) fail(path, fmt::format("cannot open ({})", std::strerror(errno)));
  if (!S_ISREG(st.st_mode)) fail(path, "not a regular file");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, fmt::format("cannot open ({})", std::strerror(errno)));
  const auto file_size = static_cast<std::size_t>(st.st_size);

  std::vector<unsigned char> head(std::min<std::size_t>(file_size, 12 + kNpyMaxHeaderBytes));
  if (!in.read(reinterpret_cast<char*>(head.data()), static_cast<std::streamsize>(head.size())))
    fail(path, "read error in the header");
  const Header h = parse_header(head.data(), head.size(), path);
  check_data_size(h, file_size, path);  // before allocating what the header asks for

  NpyArray a = allocate(h);
  in.seekg(static_cast<std::streamoff>(h.data_offset));
  constexpr std::size_t kChunkBytes = 1 << 20;
  const std::size_t per_chunk = std::max<std::size_t>(1, kChunkBytes / h.dtype.itemsize);
  std::vector<unsigned char> buf(per_chunk * h.dtype.itemsize);
  for (std::size_t first = 0; first < h.count; first += per_chunk) {
    const std::size_t n = std::min(per_chunk, h.count - first);
    if (!in.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(n * h.dtype.itemsize)))
      fail(path, "truncated file: read ended early (was it modified while being read?)");
    decode(buf.data(), first, n, h.dtype, a);
  }
  finish(a, h);
  return a;
}

void require_finite(const NpyArray& a, const std::string& name) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    const cplx v = a.value(i);
    if (std::isfinite(v.real()) && std::isfinite(v.imag())) continue;
    std::vector<Index> idx(a.shape.size());
    std::size_t rest = i;
    for (std::size_t ax = a.shape.size(); ax-- > 0;) {
      idx[ax] = static_cast<Index>(rest % static_cast<std::size_t>(a.shape[ax]));
      rest /= static_cast<std::size_t>(a.shape[ax]);
    }
    const std::string where = idx.empty() ? "()" : fmt::format("({})", fmt::join(idx, ", "));
    const double bad = std::isfinite(v.real()) ? v.imag() : v.real();
    fail(name, fmt::format("non-finite value {} at index {}", bad, where));
  }
}

}  // namespace specsweep::io
