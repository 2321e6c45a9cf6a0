// Placeholder until the driver lands.
namespace ocf {}
