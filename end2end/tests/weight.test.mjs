// The client's weight as a browser receives it: the brotli bytes of the JavaScript and
// WebAssembly that the home page loads, fetched from the server like a browser would. Fails
// past the budget kept in end2end/weight-budget.json.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { get } from 'node:http';
import { readFileSync } from 'node:fs';

import { startServer } from '../support/server.mjs';

const budget = JSON.parse(readFileSync(new URL('../weight-budget.json', import.meta.url))).bytes;

function fetchCompressed(url) {
  return new Promise((done, fail) => {
    get(url, { headers: { 'accept-encoding': 'br' } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk) => { bytes += chunk.length; });
      response.on('end', () => done({ status: response.statusCode, encoding: response.headers['content-encoding'], bytes }));
    }).on('error', fail);
  });
}

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

test('the JavaScript and WebAssembly of a page stay within the budget', async () => {
  const html = await (await fetch(server.baseUrl)).text();
  const assets = [...html.matchAll(/href="(\/pkg\/[^"]+\.(?:js|wasm))"/g)].map((m) => m[1]);
  assert.ok(assets.some((a) => a.endsWith('.wasm')), 'the page preloads its WebAssembly');
  assert.ok(assets.some((a) => a.endsWith('.js')), 'the page loads its JavaScript');

  let total = 0;
  for (const asset of new Set(assets)) {
    const { status, encoding, bytes } = await fetchCompressed(`${server.baseUrl}${asset}`);
    assert.equal(status, 200, asset);
    assert.equal(encoding, 'br', `${asset} is served with brotli`);
    console.log(`client weight: ${asset} ${bytes} bytes (brotli)`);
    total += bytes;
  }
  console.log(`client weight: total ${total} bytes (brotli), budget ${budget}`);
  assert.ok(total <= budget, `client weight ${total} B exceeds the budget of ${budget} B`);
});
