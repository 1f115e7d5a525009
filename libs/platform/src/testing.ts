export { sendRawHttp } from './lib/testing/raw-http';
export type { RawHttpExchange, RawHttpResponse } from './lib/testing/raw-http';
