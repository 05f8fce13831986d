/** Pieces of a proposal (提议 / 提案) the staff pages share: a list entry, and a labelled text box. */
import { Text, Textarea, View } from '@tarojs/components';
import type { PropsWithChildren, ReactNode } from 'react';
import type { ProposalView as Proposal } from '../server/usecases/proposals';
import { categoryName } from '../domain/labels';
import { PROPOSAL_KIND_TEXT, PROPOSAL_STATUS_TEXT } from '../domain/proposals';
import { fullDate, monthDayOf } from '../services/format';
import { go, pages } from '../services/nav';
import { Field, spoken } from './ui';

/** One proposal in a list: kind, status, title, who and when; a tap opens it; `children` act on it in place. */
export function ProposalItem({ p, children }: PropsWithChildren<{ p: Proposal }>) {
  return (
    <View className={`case-item proposal-item proposal-${p.status}`}>
      <View className='proposal-open' onClick={() => void go(pages.proposal(p._id))}>
        <View className='case-item-head'>
          <Text className='case-status'>{`${PROPOSAL_KIND_TEXT[p.kind]} · ${PROPOSAL_STATUS_TEXT[p.status]}`}</Text>
          <Text className='small'>{monthDayOf(p.submittedAt ?? p.createdAt)}</Text>
        </View>
        <Text className='case-summary proposal-title'>{p.title}</Text>
        <Text className='small'>
          {`${categoryName(p.category)} · ${p.proposerName}提出 · 附议${p.cosigners.length}位`}
          {p.handling ? ` · ${p.handling.leadUnitName}主办` : ''}
        </Text>
        {p.status === 'handling' && p.handling && <Text className='due'>{`答复期限 ${fullDate(p.handling.dueDate)}`}</Text>}
      </View>
      {children}
    </View>
  );
}

/** A titled list of proposals, or a word that there are none. */
export function ProposalList({
  title,
  empty,
  items,
  children,
}: {
  title: string;
  empty: string;
  items: readonly Proposal[];
  children?: (p: Proposal) => ReactNode;
}) {
  return (
    <View className='proposal-list'>
      <Text className='lead'>{title}</Text>
      {items.length === 0 ? (
        <Text className='hint'>{empty}</Text>
      ) : (
        items.map((p) => (
          <ProposalItem key={p._id} p={p}>
            {children?.(p)}
          </ProposalItem>
        ))
      )}
    </View>
  );
}

/** A labelled box for a few lines of words. */
export function TextBox({
  label,
  hint,
  error,
  value,
  max,
  onChange,
  className = '',
}: {
  label: string;
  hint?: string;
  error?: string;
  value: string;
  max: number;
  onChange: (v: string) => void;
  className?: string;
}) {
  return (
    <Field label={label} hint={hint} error={error}>
      <Textarea className={`textarea ${className}`} {...spoken(label)} value={value} maxlength={max} onInput={(e) => onChange(e.detail.value)} autoHeight />
    </Field>
  );
}
