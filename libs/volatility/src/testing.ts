export { openVolatilityService } from './lib/testing/open-volatility-service';
