import { ConfigError, loadConfig } from '../../../src/config/env';

describe('CORS_ORIGINS', () => {
  it('reads a comma-separated list of exact origins', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://portal.example.com, http://localhost:5173 ,https://wallboard.example.com/' }).http.corsOrigins).toEqual([
      'https://portal.example.com',
      'http://localhost:5173',
      'https://wallboard.example.com/',
    ]);
    expect(loadConfig({}).http.corsOrigins).toEqual([]);
  });

  it.each(['*', 'https://*.example.com', 'portal.example.com', 'https://portal.example.com/app', 'ftp://files.example.com', 'null'])('refuses %s, saying what an origin looks like', (origin) => {
    expect(() => loadConfig({ CORS_ORIGINS: origin })).toThrow(ConfigError);
    expect(() => loadConfig({ CORS_ORIGINS: origin })).toThrow(/CORS_ORIGINS.*is not an origin: list exact origins like https:\/\/portal\.example\.com/);
  });
});
