/**
 * proposal: representatives' proposals (提议 / 提案) — the office's collection window, and a
 * representative's drafting, co-signing (附议), submitting and withdrawing.
 */
import { z } from 'zod';
import { RULES } from '../../config/rules';
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { action, defineFunction } from '../../src/server/handler';
import { PROPOSAL_KINDS, REPLY_CLASSES } from '../../src/domain/proposals';
import { RATINGS } from '../../types/domain';
import {
  actOnProposal,
  assignedProposals,
  countyProposalFigures,
  countyProposals,
  draftProposal,
  exportCompilation,
  nameCommittee,
  openWindow,
  proposalDesk,
  proposalDetail,
  publishedProposals,
  setCosigners,
} from '../../src/server/usecases/proposals';
import { category, count, date, event, id, oneOf, pageNo, pageSize, photoList, text } from '../../src/server/validate';

const words = {
  title: text('标题', 40),
  category,
  problem: text('存在的问题', RULES.text.replyMax),
  suggestion: text('建议', RULES.text.replyMax),
  caseIds: z.array(id('事项'), { error: '所引事项格式不对' }).max(20, '最多引用20件事项').optional(),
  // on edit, left out keeps the proposal's photos
  photos: photoList(RULES.submit.maxPhotos),
};
const proposalId = id('提案或提议');

export const fn = defineFunction('proposal', {
  openWindow: action(event({ name: text('名称', 40), from: date('开始日期'), to: date('结束日期') }), openWindow),
  desk: action(event({}), (ctx) => proposalDesk(ctx)),
  draft: action(event({ kind: oneOf('类别', PROPOSAL_KINDS), ...words }), draftProposal),
  detail: action(event({ proposalId }), (ctx, input) => proposalDetail(ctx, input.proposalId)),
  edit: action(event({ proposalId, ...words }), (ctx, { proposalId: pid, ...input }) => actOnProposal(ctx, pid, { action: 'edit', ...input })),
  circulate: action(event({ proposalId }), (ctx, input) => actOnProposal(ctx, input.proposalId, { action: 'circulate' })),
  cosign: action(event({ proposalId }), (ctx, input) => actOnProposal(ctx, input.proposalId, { action: 'cosign' })),
  submit: action(event({ proposalId }), (ctx, input) => actOnProposal(ctx, input.proposalId, { action: 'submit' })),
  withdraw: action(event({ proposalId }), (ctx, input) => actOnProposal(ctx, input.proposalId, { action: 'withdraw' })),
  // the review, by the office or the committee it names (议案审查委员会)
  committee: action(event({ representativeIds: z.array(id('审查委员'), { error: '审查委员格式不对' }).max(30, '审查委员最多30位') }), (ctx, input) =>
    nameCommittee(ctx, input.representativeIds),
  ),
  cosigners: action(event({ motion: count('提议的附议人数', 30), proposal: count('提案的附议人数', 30) }), (ctx, input) => setCosigners(ctx, input)),
  county: action(event({}), (ctx) => countyProposals(ctx)),
  register: action(event({ proposalId }), (ctx, input) => actOnProposal(ctx, input.proposalId, { action: 'register' })),
  convert: action(event({ proposalId, villageId: id('村(社区)').optional() }), (ctx, { proposalId: pid, villageId }) =>
    actOnProposal(ctx, pid, { action: 'convert', ...(villageId ? { villageId } : {}) }),
  ),
  merge: action(event({ proposalId, intoId: id('并入的提案或提议') }), (ctx, { proposalId: pid, intoId }) =>
    actOnProposal(ctx, pid, { action: 'merge', intoId }),
  ),
  decline: action(event({ proposalId, reason: text('不予立案的理由', RULES.text.reasonMax) }), (ctx, { proposalId: pid, reason }) =>
    actOnProposal(ctx, pid, { action: 'decline', reason }),
  ),
  // 承办: a handler's units' proposals, or a county supervisor's county's
  assigned: action(event({}), (ctx) => assignedProposals(ctx)),
  // handling: the office assigns units, the lead unit replies, the proposer rates, the office or a county leader presses
  assign: action(
    event({ proposalId, leadUnitId: id('主办单位'), coUnitIds: z.array(id('协办单位'), { error: '协办单位格式不对' }).max(5, '协办单位最多5个').optional() }),
    (ctx, { proposalId: pid, ...input }) => actOnProposal(ctx, pid, { action: 'assign', ...input }),
  ),
  reply: action(
    event({ proposalId, replyClass: oneOf('答复类别', REPLY_CLASSES), text: text('答复内容', RULES.text.replyMax) }),
    (ctx, { proposalId: pid, ...input }) => actOnProposal(ctx, pid, { action: 'reply', ...input }),
  ),
  rate: action(event({ proposalId, rating: oneOf('评价', RATINGS) }), (ctx, { proposalId: pid, rating }) =>
    actOnProposal(ctx, pid, { action: 'rate', rating }),
  ),
  // the office's figures and 提案汇编, of the proposals submitted in a period
  figures: action(event({ from: date('开始日期'), to: date('结束日期') }), (ctx, input) => countyProposalFigures(ctx, input.from, input.to)),
  compilation: action(event({ from: date('开始日期'), to: date('结束日期') }), (ctx, input) => exportCompilation(ctx, input.from, input.to)),
  // public once answered, read from a village's board
  published: action(event({ villageId: id('村(社区)'), page: pageNo, pageSize }), (ctx, input) =>
    publishedProposals(ctx, input.villageId, input.page, input.pageSize),
  ),
  supervise: action(event({ proposalId, note: text('督办意见', RULES.text.noteMax) }), (ctx, { proposalId: pid, note }) =>
    actOnProposal(ctx, pid, { action: 'supervise', note }),
  ),
});
export const main = cloudMain(fn);
