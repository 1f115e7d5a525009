// Warming strategies and their scheduler-free service (DESIGN §6) arrive with the warming issue;
// until then the warmer app schedules only maintenance jobs. The library exists so that the
// dependency rules (apps → warming → tiers, ttl-policy, volatility, contexts) are in place.
export {};
