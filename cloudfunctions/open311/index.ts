/**
 * open311 (HTTP access): Open311 GeoReport v2, read-only, for other systems (12345 platforms,
 * open-data dashboards): GET /open311/v2/services.json, /open311/v2/requests.json and
 * /open311/v2/requests/<事项编号>.json, with `jurisdiction_id` the county's id
 * (src/domain/open311.ts, https://wiki.open311.org/GeoReport_v2). Counties publish only when
 * `RULES.open311` (or their own `counties[id].open311`) switches it on.
 *
 * Reached through CloudBase's HTTP access service (HTTP 访问服务), which passes each request as
 * an integration event { path, httpMethod, headers, queryStringParameters, body, isBase64Encoded }
 * and returns what `main` answers, { statusCode, headers, body }, as the HTTP response:
 * https://docs.cloudbase.net/service/access-cloud-function — bind the path `/open311` to this
 * function (`npx tcb service create -p /open311 -f open311`, README step 9).
 */
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { defineHttp } from '../../src/server/handler';
import { failure, serveOpen311 } from '../../src/server/usecases/open311';

export const fn = defineHttp('open311', serveOpen311, (status) => failure(status, '系统繁忙，请稍后再试').body);
export const main = cloudMain(fn);
