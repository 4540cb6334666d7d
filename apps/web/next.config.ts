import type { NextConfig } from 'next';

// Static export served by the Express server on the same origin as the API (CONTRACT §1).
const nextConfig: NextConfig = {
  output: 'export',
  trailingSlash: false,
  images: { unoptimized: true },
  // The protocol package is TypeScript source with NodeNext-style `.js` suffixes.
  transpilePackages: ['@samvad/protocol'],
  // Built with webpack (`--webpack`): Turbopack cannot map `./x.js` imports to `./x.ts` sources.
  webpack: (config: { resolve: { extensionAlias?: Record<string, string[]> } }) => {
    config.resolve.extensionAlias = { '.js': ['.ts', '.tsx', '.js'] };
    return config;
  },
};

export default nextConfig;
