// The baseline: node:http answering a fixed JSON body (the size of me.get's answer), no framework.
import { createServer } from 'node:http';

const body = Buffer.from(process.env.BODY ?? '{"ok":true}');
createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
