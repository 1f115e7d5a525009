/**
 * The bare route: `${BARE_ROUTE_PREFIX}/:level/:id`, the real route's shape, so that routing and
 * its parameters cost the same on both and only what answers differs.
 */
export const BARE_ROUTE_PREFIX = '/bench/bare';
