// libFuzzer target for the .npy reader. Any input must either parse or throw specsweep::Error;
// a crash, sanitizer report, leak or other exception is a bug. A parsed array must also survive
// a round trip through the writer's header: re-encoding it and parsing again gives the same
// shape and the same bits.
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "specsweep/error.hpp"
#include "specsweep/io/npy.hpp"

using specsweep::io::NpyArray;

namespace {

void check_round_trip(const NpyArray& a) {
  std::size_t count = 1;
  for (auto d : a.shape) count *= static_cast<std::size_t>(d);
  if (a.size() != count || count == 0) __builtin_trap();
  std::string image = specsweep::io::npy_header(a.shape, a.is_complex);
  const std::size_t bytes = a.is_complex ? count * sizeof(specsweep::cplx) : count * sizeof(double);
  const char* data = a.is_complex ? reinterpret_cast<const char*>(a.complex.data())
                                  : reinterpret_cast<const char*>(a.real.data());
  image.append(data, bytes);
  const NpyArray b = specsweep::io::parse_npy(reinterpret_cast<const unsigned char*>(image.data()),
                                              image.size(), "round-trip");
  const char* back = b.is_complex ? reinterpret_cast<const char*>(b.complex.data())
                                  : reinterpret_cast<const char*>(b.real.data());
  if (b.shape != a.shape || b.is_complex != a.is_complex || b.size() != count ||
      std::memcmp(back, data, bytes) != 0)
    __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const NpyArray a = specsweep::io::parse_npy(data, size, "fuzz.npy");
    check_round_trip(a);
    try {
      specsweep::io::require_finite(a, "fuzz.npy");
    } catch (const specsweep::Error&) {
    }
  } catch (const specsweep::Error& e) {
    if (e.kind() != specsweep::ErrorKind::Input || std::strncmp(e.what(), "fuzz.npy: ", 10) != 0)
      __builtin_trap();  // every rejection names the input and is an Input error
  }
  return 0;
}
