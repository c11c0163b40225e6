// The demo organisation the server seeds with --demo (server/src/demo.rs).
export const DEMO_PASSWORD = 'zhibu-demo-2026';
export const DEMO_MEMBER = { login: 'wangjianguo', name: '王建国' };
export const DEMO_SECRETARY = { login: 'linxiaolan', name: '林晓岚' };
