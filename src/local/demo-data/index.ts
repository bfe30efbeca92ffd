/**
 * Demo data: a deterministic simulation of an Amazon Connect contact center written in the
 * Firehose layout (`ctr`, `ae`, `cfl`, `cl`, `ef`). See docs/demo-data.md.
 *
 * - {@link generateDemoData} writes a data set (what `npm run demo-data` and `npm start` call).
 * - {@link buildContactCenterModel} returns the directory the generator uses (agents, queues,
 *   routing profiles, hierarchy, statuses, flows) so the server can list them without reading data.
 */
export { generateDemoData } from './generate-demo-data';
export type { DemoDataSummary } from './generate-demo-data';
export { DemoDataError } from './demo-data.errors';
export type { DemoDataErrorCode } from './demo-data.errors';
export { MAX_AGENTS, MAX_DAYS } from './demo-data.options';
export type { DemoDataOptions } from './demo-data.options';
export { buildContactCenterModel, MODEL_CHANNELS } from './contact-center.model';
export type {
  AgentModel,
  AgentStatusModel,
  ContactCenterModel,
  ContactFlowModel,
  HierarchyGroupModel,
  InstanceModel,
  ModelChannel,
  QueueModel,
  RoutingProfileModel,
} from './contact-center.model';
export { DELIVERY_QUIRKS } from './delivery-quirks';
export { runSimulation } from './simulation.engine';
export type { SimulationOptions, SimulationStats, SimulationWindow } from './simulation.engine';
export type { RecordSink } from './record-sink';
