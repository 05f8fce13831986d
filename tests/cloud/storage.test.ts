/**
 * Private storage on CloudBase, through the real @cloudbase/node-sdk against the loopback gateway:
 * kept files are handed out at temporary addresses that last two hours, and an exported workbook
 * is deleted from storage after a day by the housekeeping timer.
 */
import type { LocalRuntime } from '../../src/runtime/local/runtime';
import { TEMP_URL_SECONDS } from '../../src/runtime/cloudbase/platform';
import { FixedClock, OFFICE } from '../harness';
import { runtimeOnGateway, startWeChatGateway, type WeChatGateway } from './wechat-gateway';

let gateway: WeChatGateway;
let rt: LocalRuntime;
beforeEach(async () => {
  gateway = await startWeChatGateway();
  rt = await runtimeOnGateway();
});
afterEach(async () => {
  await rt.close();
  await gateway.close();
});

it('keeps an export in storage, hands it out at a two-hour address, and deletes it after a day', async () => {
  const res = await rt.call('office', { action: 'exportLedger' }, OFFICE);
  if (!res.ok) throw new Error(res.error.message);
  const { url } = res.data as { url: string };
  const kept = [...gateway.files.keys()].filter((p) => p.startsWith('exports/'));
  expect(kept).toHaveLength(1);
  expect(url).toBe(`https://6c69-lianxin-test.tcb.qcloud.la/${kept[0]}?sign=x`);
  expect(gateway.storage.find((s) => s.action === 'storage.batchGetDownloadUrl')!.params).toMatchObject({
    file_list: [{ fileid: expect.stringContaining(kept[0]!), max_age: TEMP_URL_SECONDS }],
  });

  (rt.clock as FixedClock).advance(23 * 3600 * 1000);
  await rt.runTimer('housekeeping');
  expect(gateway.files.has(kept[0]!)).toBe(true);
  (rt.clock as FixedClock).advance(2 * 3600 * 1000);
  expect(await rt.runTimer('housekeeping')).toMatchObject({ ok: true, data: { exportsDeleted: 1 } });
  expect(gateway.files.has(kept[0]!)).toBe(false);
  expect(gateway.storage.filter((s) => s.action === 'storage.batchDeleteFile').map((s) => s.params.fileid_list)).toEqual([[expect.stringContaining(kept[0]!)]]);
});
