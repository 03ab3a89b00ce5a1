import type { TenantSeedInput } from './seed-schema.js';

const CUSTOMERS = [
  'Maya Chen',
  'Omar Haddad',
  'Lucía Romero',
  'Tomasz Nowak',
  'Aiko Tanaka',
  'Grace Okafor',
  'Henrik Larsen',
  'Priya Raman',
  'Jonas Weber',
  'Sofia Rossi',
  'Daniel Kim',
  'Amara Diallo',
  'Liam Walsh',
  'Nina Petrova',
];
const TOPICS: Array<[subject: string, opening: string]> = [
  ['Cannot log in', 'Hi, I keep getting "invalid password" even after a reset.'],
  ['Invoice question', 'Why was I charged twice this month?'],
  ['Upgrade plan', 'We want to move to the team plan. What changes?'],
  ['Broken export', 'The CSV export stops at 1,000 rows.'],
  ['Refund request', 'I would like a refund for the last order, it arrived damaged.'],
  ['Shipping delay', 'My parcel has been stuck for a week.'],
  ['API limits', 'What are the rate limits for the REST API?'],
  ['Change address', 'Please update my billing address.'],
];

/**
 * The demo tenant. The first conversations cover each visibility rule of the Agent SDK guide
 * by name; the rest fill the lists so that paging is real.
 */
export function demoSeed(now = Date.now()): TenantSeedInput {
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
  let messageCounter = 0;
  const msg = (kind: 'customer' | 'reply' | 'note', minutesAgo: number, body: string, extra: { agentId?: string; attachment?: string } = {}) => ({
    id: `msg_${String(++messageCounter).padStart(4, '0')}`,
    kind,
    ...(extra.agentId ? { agentId: extra.agentId } : {}),
    body,
    createdAt: at(minutesAgo),
    attachments: extra.attachment
      ? [
          {
            attachmentId: `att_${messageCounter}`,
            name: extra.attachment,
            contentType: extra.attachment.endsWith('.pdf') ? 'application/pdf' : 'image/png',
            size: 48_213,
            url: `/files/${extra.attachment}`,
          },
        ]
      : [],
  });

  type Spec = {
    id: string;
    subject: string;
    departmentId: string | null;
    assignedAgentId: string | null;
    participantAgentIds?: string[];
    closed?: boolean;
    attachment?: string;
    minutesAgo: number;
  };
  const named: Spec[] = [
    { id: 'cnv_assigned1', subject: 'Password reset loop', departmentId: 'dep_support', assignedAgentId: 'agt_one', attachment: 'screenshot.png', minutesAgo: 5 },
    { id: 'cnv_assigned2', subject: 'Double charge', departmentId: 'dep_billing', assignedAgentId: 'agt_two', attachment: 'invoice-1042.pdf', minutesAgo: 9 },
    { id: 'cnv_participant1', subject: 'Refund on a support case', departmentId: 'dep_support', assignedAgentId: 'agt_three', participantAgentIds: ['agt_two'], minutesAgo: 12 },
    { id: 'cnv_queueSupport', subject: 'App crashes on start', departmentId: 'dep_support', assignedAgentId: null, minutesAgo: 3 },
    { id: 'cnv_queueBilling', subject: 'Change card', departmentId: 'dep_billing', assignedAgentId: null, minutesAgo: 7 },
    { id: 'cnv_queueSales', subject: 'Volume pricing', departmentId: 'dep_sales', assignedAgentId: null, minutesAgo: 15 },
    { id: 'cnv_nodept1', subject: 'General question', departmentId: null, assignedAgentId: null, minutesAgo: 2 },
    { id: 'cnv_closed1', subject: 'Export fixed', departmentId: 'dep_support', assignedAgentId: 'agt_one', closed: true, attachment: 'export.csv.png', minutesAgo: 300 },
    { id: 'cnv_closedQueue', subject: 'Spam', departmentId: null, assignedAgentId: null, closed: true, minutesAgo: 400 },
  ];
  const owners = ['agt_one', 'agt_two', 'agt_three', null, null];
  const departments = ['dep_support', 'dep_billing', 'dep_sales', null];
  const generated: Spec[] = Array.from({ length: 39 }, (_, i) => {
    const assignedAgentId = owners[i % owners.length] ?? null;
    const departmentId = assignedAgentId === 'agt_two' ? 'dep_billing' : assignedAgentId ? 'dep_support' : (departments[i % departments.length] ?? null);
    return {
      id: `cnv_g${String(i + 1).padStart(3, '0')}`,
      subject: TOPICS[i % TOPICS.length]![0],
      departmentId,
      assignedAgentId,
      closed: i % 6 === 5,
      minutesAgo: 20 + i * 37,
      ...(i % 7 === 0 ? { attachment: `photo-${i + 1}.png` } : {}),
    };
  });

  const conversations = [...named, ...generated].map((spec, i) => {
    const customerName = CUSTOMERS[i % CUSTOMERS.length]!;
    const opening = TOPICS[i % TOPICS.length]![1];
    const t = spec.minutesAgo;
    const messages = [msg('customer', t + 30, opening, spec.attachment ? { attachment: spec.attachment } : {})];
    if (spec.assignedAgentId) {
      messages.push(msg('reply', t + 20, `Thanks ${customerName.split(' ')[0]}, looking into it now.`, { agentId: spec.assignedAgentId }));
      messages.push(msg('note', t + 15, 'Checked the account: nothing unusual so far.', { agentId: spec.assignedAgentId }));
    }
    messages.push(msg('customer', t, 'Any update on this?'));
    return {
      id: spec.id,
      status: spec.closed ? ('closed' as const) : ('open' as const),
      subject: spec.subject,
      customer: { id: `vis_c${i + 1}`, name: customerName, email: `${customerName.split(' ')[0]!.toLowerCase()}@example.com` },
      departmentId: spec.departmentId,
      assignedAgentId: spec.assignedAgentId,
      participantAgentIds: spec.participantAgentIds ?? [],
      createdAt: at(t + 30),
      closedAt: spec.closed ? at(t - 1) : null,
      closeReason: spec.closed ? 'Resolved' : null,
      messages,
    };
  });

  return {
    tenant: { id: 'ten_demo', key: 'demo-tenant', name: 'Demo Co' },
    serverKeys: [
      { key: 'rn_sk_test_demo', scopes: ['server:agent-token:write'] },
      { key: 'rn_sk_test_readonly', scopes: [] },
    ],
    departments: [
      { id: 'dep_support', name: 'Support' },
      { id: 'dep_billing', name: 'Billing' },
      { id: 'dep_sales', name: 'Sales' },
    ],
    agents: [
      { id: 'agt_one', username: 'agent.one', name: 'Alex One', email: 'agent.one@demo.example', role: 'agent', departmentId: 'dep_support' },
      { id: 'agt_two', username: 'agent.two', name: 'Blair Two', email: 'agent.two@demo.example', role: 'agent', departmentId: 'dep_billing' },
      { id: 'agt_three', username: 'agent.three', name: 'Casey Three', email: 'agent.three@demo.example', role: 'agent', departmentId: 'dep_support' },
      { id: 'agt_lead', username: 'lead.one', name: 'Dana Lead', email: 'lead.one@demo.example', role: 'supervisor', departmentId: null },
      { id: 'agt_admin', username: 'admin.one', name: 'Eli Admin', email: 'admin.one@demo.example', role: 'admin', departmentId: null },
    ],
    conversations,
  };
}
